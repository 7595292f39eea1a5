"""Proxy service (代办): agents and their territories, entrustments, proxy requests with their steps and
the custody of their materials, and key projects. An agent is a staff member with the agent role; their
tier is their service body's (a village station's agent is a village agent) and so is their proxy list
(the catalog's proxy tiers)."""

from .entrustments import AgentTerritory, EntrustedCase, Entrustment, Principal
from .projects import KeyProject, PlanStep
from .requests import Appointment, Handover, ProxyEvent, ProxyRequest, Vehicle

__all__ = [
    "AgentTerritory",
    "Appointment",
    "EntrustedCase",
    "Entrustment",
    "Handover",
    "KeyProject",
    "PlanStep",
    "Principal",
    "ProxyEvent",
    "ProxyRequest",
    "Vehicle",
]
