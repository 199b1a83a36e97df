"""factory_boy factories shared by the suite."""

import factory

from home.models import Kelurahan, Officer, PoliceUnit


class OfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Officer
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Petugas Uji {n}")
    rank = Officer.Rank.BRIPKA
    nrp = factory.Sequence(lambda n: f"8{n:07d}")
    unit = factory.LazyFunction(lambda: PoliceUnit.objects.filter(kind="polsek").first())
    phone = factory.Sequence(lambda n: f"08121{n:07d}")
    whatsapp = factory.Sequence(lambda n: f"08131{n:07d}")
    contact_opt_in = True

    @factory.post_generation
    def kelurahan(self, create, extracted, **kwargs):
        if create and extracted:
            self.kelurahan.set(extracted)


def kelurahan(code):
    return Kelurahan.objects.select_related("kecamatan").get(code=code)
