"""Mail for every feature, through a transactional outbox.

    from app.mail import queue_mail

    queue_mail("registration_confirmed", registration.email, language=registration.language,
               registration_id=registration.id, location_day_id=registration.location_day_id)

writes one `OutgoingMail` row in the caller's transaction and nothing else: no template is
rendered in the request. After the commit the queue wakes a worker, which renders the
message from the row's ids and plain values (`params`) with the renderer registered for
its kind (`@mail_kind`), and sends it. A rollback leaves no row, so nothing is sent; a
process killed after the commit leaves the row, which a worker sends later.

Rows hold ids, the recipient address and plain values, never copies of names: erasing a
registration deletes its rows (`forget_registration`), anonymising clears the address.
Delivery, retries and leases: app/mail/delivery.py. The organisers' mail log: views.py.
"""

from app.mail.compose import Attachment, Composed, MailData, MailGone, kind_label, mail_kind
from app.mail.models import MailStatus, OutgoingMail
from app.mail.outbox import anonymise_registrations, forget_registration, insert_mail, queue_mail

__all__ = [
    "Attachment",
    "Composed",
    "MailData",
    "MailGone",
    "MailStatus",
    "OutgoingMail",
    "anonymise_registrations",
    "forget_registration",
    "insert_mail",
    "kind_label",
    "mail_kind",
    "queue_mail",
]
