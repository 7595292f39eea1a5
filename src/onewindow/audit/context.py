"""The current request's id and client address, for audit events written deep inside services."""

from contextvars import ContextVar

request_id: ContextVar[str] = ContextVar("request_id", default="")
client_ip: ContextVar[str] = ContextVar("client_ip", default="")
