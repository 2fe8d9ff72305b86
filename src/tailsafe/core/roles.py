"""The roles of requirements.md ("Who uses it"). Pure: no Django import."""

from enum import StrEnum


class Role(StrEnum):
    SECRETARIAT = "secretariat"
    CO_CHAIR = "co_chair"
    MEMBER = "member"
    OPERATOR = "operator"
    INSPECTOR = "inspector"
    GUEST = "guest"
    ADMIN = "admin"


ALL_ROLES: tuple[Role, ...] = tuple(Role)
