"""Masking of personal data for lists, logs and exports (rule 8)."""


def mask_phone(phone: str) -> str:
    """Keep the first 3 and last 4 digits of a mobile number: 138****5678."""
    phone = (phone or "").strip()
    if len(phone) < 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def mask_id_number(number: str) -> str:
    """Keep the first 6 (area) and last 4 characters of an ID number: 370982********123X."""
    number = (number or "").strip()
    if len(number) < 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]
