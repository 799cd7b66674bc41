from __future__ import annotations

from celery import shared_task

from helpdesk import services
from helpdesk.models import Office


@shared_task(name="helpdesk.tasks.expire_waitlist_offers")
def expire_waitlist_offers() -> int:
    return services.waitlist_expire_offers()


@shared_task(name="helpdesk.tasks.expire_substitute_searches")
def expire_substitute_searches() -> int:
    return services.substitutes_expire()


@shared_task(name="helpdesk.tasks.generate_slots")
def generate_slots(weeks: int = 4) -> int:
    created = 0
    for office in Office.objects.all():
        created += services.slots_generate(office=office, weeks=weeks).created
    return created


@shared_task(name="helpdesk.tasks.purge_guest_data")
def purge_guest_data() -> int:
    return services.guest_data_purge()
