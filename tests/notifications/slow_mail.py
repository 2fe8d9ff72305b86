"""A file-based mail backend for subprocess tests: messages land as files in
$TAILSAFE_TEST_MAIL_DIR (one file per connection), so a test can count what a worker process
sent. With $TAILSAFE_TEST_MAIL_DELAY it first leaves a marker file in $TAILSAFE_TEST_MAIL_MARK
and waits that many seconds: a slow mail server, during which a test kills the worker."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.core.mail.backends import filebased
from django.core.mail.message import EmailMessage


class EmailBackend(filebased.EmailBackend):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["file_path"] = os.environ["TAILSAFE_TEST_MAIL_DIR"]
        super().__init__(*args, **kwargs)

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        delay = float(os.environ.get("TAILSAFE_TEST_MAIL_DELAY", "0"))
        if delay:
            mark = Path(os.environ["TAILSAFE_TEST_MAIL_MARK"]) / f"sending-{os.getpid()}"
            mark.write_text(",".join(str(m.subject) for m in email_messages))
            time.sleep(delay)
        return super().send_messages(email_messages)
