"""Load the reference data and the demo data of every area. Idempotent."""

from typing import Any

from django.core.management.base import BaseCommand

from tailsafe.dashboard.demo_users import demo_password, ensure_demo_users
from tailsafe.facilities import demo as facilities_demo
from tailsafe.followup import demo as followup_demo
from tailsafe.governance import demo as governance_demo
from tailsafe.inspections import demo as inspections_demo
from tailsafe.knowledge import demo as knowledge_demo
from tailsafe.meetings import demo as meetings_demo
from tailsafe.monitoring import demo as monitoring_demo
from tailsafe.transboundary import demo as transboundary_demo

# In the order the areas build on each other (docs/architecture.md).
AREAS = (
    meetings_demo,
    followup_demo,
    facilities_demo,
    inspections_demo,
    monitoring_demo,
    transboundary_demo,
    knowledge_demo,
)


class Command(BaseCommand):
    help = "Load reference data and demo data (idempotent) and print the demo accounts."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--no-demo",
            action="store_true",
            help="load only the reference data, no fictional people or accounts",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        created = governance_demo.load_institutions()
        governance_demo.load_rotation()
        self.stdout.write(f"Institutions: {created} added.")
        if options["no_demo"]:
            for area in AREAS:
                area.load(None)
            return
        users = ensure_demo_users()
        governance_demo.load_demo(users)
        for area in AREAS:
            area.load(users)
        self.stdout.write(
            self.style.SUCCESS(f"Demo accounts (password for all: {demo_password()}):")
        )
        for role, user in users.items():
            self.stdout.write(f"  {user.username:<22} role: {role}")
