"""`manage.py recover_jobs`: hand out again the units of background jobs whose worker died."""

import signal
import time
from types import FrameType

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from annotations.services.jobs import jobs_recover


class Command(BaseCommand):
    help = (
        "Enqueue again the pending units of background jobs whose worker was killed or whose "
        "task was lost; give up on a unit after TASKS_MAX_ATTEMPTS. With --every, keep doing "
        "so every N seconds (bin/run runs it so). Safe to run on several machines at once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--every", type=float, default=0, help="Repeat every N seconds until stopped."
        )

    def handle(self, *args, every: float, **options) -> None:
        self.running = True
        if every > 0:
            signal.signal(signal.SIGTERM, self._stop)
            signal.signal(signal.SIGINT, self._stop)
        while True:
            close_old_connections()
            changed = jobs_recover()
            if changed and options["verbosity"] > 0:
                self.stdout.write(f"recover_jobs: {changed} unit(s) handed out again or given up")
            if every <= 0 or not self.running:
                return
            deadline = time.monotonic() + every
            while self.running and time.monotonic() < deadline:
                time.sleep(min(0.2, every))
            if not self.running:
                return

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        self.running = False
