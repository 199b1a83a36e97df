from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from home.models import Kelurahan
from openinfo.pilar.models import PilarPartner, Role
from openinfo.visits.demo import DEMO_PASSWORD

# (username, name, role, organisation): fictitious partners for the demo site.
DEMO_PARTNERS = [
    ("babinsa.demo", "Serka Demo Babinsa", Role.BABINSA, "Koramil (demo)"),
    ("lurah.demo", "Lurah Demo", Role.LURAH, "Kantor Kelurahan (demo)"),
]


class Command(BaseCommand):
    help = "Demo 3 Pilar partner accounts (Babinsa, Lurah), each for the first kelurahan with activity."

    def handle(self, *args, **options):
        User = get_user_model()
        kelurahan = (
            Kelurahan.objects.filter(visit_reports__status="approved").order_by("code").first()
            or Kelurahan.objects.order_by("code").first()
        )
        if kelurahan is None:
            return
        for username, name, role, organisation in DEMO_PARTNERS:
            user, created = User.objects.get_or_create(username=username)
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            partner, _ = PilarPartner.objects.get_or_create(
                user=user, defaults={"name": name, "role": role, "organisation": organisation}
            )
            partner.kelurahan.add(kelurahan)
        self.stdout.write(
            f"demo partners (password '{DEMO_PASSWORD}', /mitra/masuk/): "
            f"{', '.join(u for u, *_ in DEMO_PARTNERS)} — kelurahan {kelurahan.name}"
        )
