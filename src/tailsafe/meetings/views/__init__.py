"""Meetings views, one module per sub-area (meeting_views: M1 and M6 papers; agenda: M2;
invitations: M3; minutes: M4-M5): load -> check access -> call a service -> render."""
