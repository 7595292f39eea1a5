from django import template

from onewindow.core import masking

register = template.Library()


@register.filter
def mask_phone(value):
    return masking.mask_phone(value)


@register.filter
def mask_id_number(value):
    return masking.mask_id_number(value)
