"""Demo content of the PPID service: a register across all categories and requests in each state.

Idempotent: items are keyed by slug and requests by their submission token.
"""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents.models import Document

from home.models import PoliceUnit
from openinfo.models import (
    Category,
    InformationRequest,
    PublicInformation,
    PublicInformationDocument,
)
from openinfo.ppid.access import ensure_exempt_collection, move_exempt_documents

B, S, T, X = Category.BERKALA, Category.SERTA_MERTA, Category.SETIAP_SAAT, Category.DIKECUALIKAN

REGISTER = [
    # (title, category, year, period, summary, holding official, exemption basis, consequence test)
    (
        "Laporan Kinerja Satbinmas Semester I",
        B,
        2025,
        "Semester I",
        "Capaian kegiatan pembinaan masyarakat, sambang dan penyuluhan semester I.",
        "Kasat Binmas",
        "",
        "",
    ),
    (
        "Laporan Kinerja Satbinmas Semester II",
        B,
        2025,
        "Semester II",
        "Capaian kegiatan pembinaan masyarakat, sambang dan penyuluhan semester II.",
        "Kasat Binmas",
        "",
        "",
    ),
    (
        "Rencana Kerja Satbinmas Tahun 2026",
        B,
        2026,
        "",
        "Program dan sasaran kegiatan pembinaan masyarakat tahun 2026.",
        "Kasat Binmas",
        "",
        "",
    ),
    (
        "Laporan Layanan Informasi Publik 2025",
        B,
        2025,
        "",
        "Jumlah permohonan, waktu layanan dan keberatan selama 2025.",
        "PPID Polres",
        "",
        "",
    ),
    (
        "Profil dan Struktur Organisasi Satbinmas",
        B,
        2026,
        "",
        "Tugas pokok, fungsi dan struktur organisasi Satbinmas.",
        "Kaur Bin Ops Satbinmas",
        "",
        "",
    ),
    (
        "Peringatan Dini Potensi Banjir Musim Hujan",
        S,
        2026,
        "Januari",
        "Wilayah rawan genangan dan nomor darurat selama musim hujan.",
        "Kasat Binmas",
        "",
        "",
    ),
    (
        "Imbauan Waspada Penipuan Mengatasnamakan Polisi",
        S,
        2026,
        "Maret",
        "Modus penipuan lewat telepon dan pesan singkat, dan cara melapor.",
        "Kasi Humas",
        "",
        "",
    ),
    (
        "Imbauan Keamanan Mudik Idul Fitri 1447 H",
        S,
        2026,
        "Maret",
        "Tips mengamankan rumah dan kendaraan sebelum mudik.",
        "Kasat Binmas",
        "",
        "",
    ),
    (
        "Daftar Informasi Publik Satbinmas",
        T,
        2026,
        "",
        "Daftar seluruh informasi publik yang dikuasai (Pasal 11 ayat 1 huruf a).",
        "PPID Polres",
        "",
        "",
    ),
    (
        "SOP Pelayanan Permohonan Informasi Publik",
        T,
        2026,
        "",
        "Tata cara mengajukan permohonan informasi dan keberatan.",
        "PPID Polres",
        "",
        "",
    ),
    (
        "Jadwal Patroli Dialogis per Kecamatan",
        T,
        2026,
        "Triwulan I",
        "Jadwal kegiatan patroli dialogis Bhabinkamtibmas di 13 kecamatan.",
        "Kanit Binpolmas",
        "",
        "",
    ),
    (
        "Data Jumlah Kegiatan Sambang per Kelurahan",
        T,
        2025,
        "",
        "Rekap jumlah kegiatan sambang per kelurahan selama 2025.",
        "Kanit Binpolmas",
        "",
        "",
    ),
    (
        "Materi Penyuluhan Hukum Bahaya Narkoba",
        T,
        2026,
        "",
        "Materi penyuluhan bagi sekolah dan karang taruna.",
        "Kanit Bintibsos",
        "",
        "",
    ),
    (
        "Nota Kesepahaman Satbinmas dengan Pemerintah Kota",
        T,
        2025,
        "",
        "Kerja sama pembinaan keamanan lingkungan dengan Pemkot.",
        "Kasat Binmas",
        "",
        "",
    ),
    (
        "Berkas Penyelidikan Perkara yang Sedang Berjalan",
        X,
        2026,
        "",
        "Berkas penyelidikan dan penyidikan perkara pidana yang belum diputus.",
        "Kasat Reskrim",
        "a",
        "Membuka berkas dapat menghambat penyelidikan dan membahayakan saksi; kerugian lebih besar daripada manfaat membukanya.",
    ),
    (
        "Data Pribadi Pelapor dan Saksi",
        X,
        2026,
        "",
        "Identitas dan keterangan pribadi pelapor serta saksi.",
        "Kasat Binmas",
        "h",
        "Mengungkap data pribadi melanggar hak atas privasi dan dapat membahayakan pelapor.",
    ),
    (
        "Rencana Pengamanan Objek Vital",
        X,
        2026,
        "",
        "Rencana pengamanan dan penempatan personel di objek vital.",
        "Kabag Ops",
        "c",
        "Pembukaan dapat dimanfaatkan untuk mengganggu keamanan objek vital.",
    ),
]

REQUESTS = [
    # (token, days ago received, final state)
    ("demo-ppid-0001", 2, "received"),
    ("demo-ppid-0002", 6, "in_process"),
    ("demo-ppid-0003", 16, "extended"),
    ("demo-ppid-0004", 25, "fulfilled"),
    ("demo-ppid-0005", 30, "partially_fulfilled"),
    ("demo-ppid-0006", 40, "rejected_objection"),
    ("demo-ppid-0007", 20, "overdue"),
]
REQUESTERS = [
    (
        "Dewi Lestari",
        "ktp",
        "3671015204880001",
        "Jl. Kenanga 12, Sukasari",
        "081234560001",
        "dewi@example.org",
    ),
    ("Agus Salim", "ktp", "3671020101790002", "Jl. Mawar 3, Cibodas", "081234560002", ""),
    ("Rina Marlina", "sim", "870312345678", "Perum Griya 7, Karawaci", "", "rina@example.org"),
    (
        "Budi Hartono",
        "ktp",
        "3671031212850004",
        "Jl. Melati 9, Cipondoh",
        "081234560004",
        "budi@example.org",
    ),
    (
        "Yayasan Warga Peduli",
        "ktp",
        "3671041010700005",
        "Jl. Anggrek 1, Tangerang",
        "081234560005",
        "ywp@example.org",
    ),
    (
        "Siti Aminah",
        "paspor",
        "C1234567",
        "Jl. Dahlia 5, Ciledug",
        "081234560006",
        "siti@example.org",
    ),
    ("Joko Susilo", "ktp", "3671050505900007", "Jl. Teratai 2, Pinang", "081234560007", ""),
]


def _pdf(title):
    text = title.encode("latin-1", "replace")
    stream = b"BT /F1 14 Tf 50 780 Td (" + text + b") Tj ET"
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
        b"4 0 obj<</Length "
        + str(len(stream)).encode()
        + b">>stream\n"
        + stream
        + b"\nendstream endobj\n"
        b"5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


def ensure_register():
    units = list(PoliceUnit.objects.order_by("kind", "name"))
    created = 0
    for n, (title, category, year, period, summary, holder, basis, test) in enumerate(REGISTER):
        from django.utils.text import slugify

        slug = slugify(title)
        if PublicInformation.objects.filter(slug=slug).exists():
            continue
        item = PublicInformation(
            title=title,
            slug=slug,
            category=category,
            year=year,
            period=period,
            summary=summary,
            body=""
            if category == X
            else f"<p>{summary}</p><p>Informasi lengkap tersedia di kantor PPID.</p>",
            unit=units[n % len(units)] if units else None,
            holding_official=holder,
            responsible_official="Kasubbag Humas Polres Metro Tangerang Kota",
            created_on=datetime.date(year, 1 + n % 12, 10),
            created_place="Tangerang",
            available_softcopy=True,
            available_hardcopy=n % 3 == 0,
            retention_period="5 tahun"
            if category != X
            else "Sampai perkara berkekuatan hukum tetap",
            exemption_basis=basis,
            consequence_test_summary=test,
            live=True,
        )
        item.save()
        item.save_revision().publish()
        if n % 2 == 0 or category == X:
            doc = Document(title=title)
            doc.file.save(f"{slug[:60]}.pdf", ContentFile(_pdf(title)), save=False)
            doc.save()
            PublicInformationDocument.objects.create(item=item, document=doc)
        move_exempt_documents(item)
        created += 1
    ensure_exempt_collection()
    return created


def ensure_requests():
    created = 0
    now = timezone.now()
    for (token, days_ago, state), who in zip(REQUESTS, REQUESTERS, strict=True):
        if InformationRequest.objects.filter(submission_token=token).exists():
            continue
        name, id_type, id_number, address, phone, email = who
        req, _secret = InformationRequest.file(
            submission_token=token,
            received_at=now - datetime.timedelta(days=days_ago),
            requester_name=name,
            identity_type=id_type,
            identity_number=id_number,
            address=address,
            phone=phone,
            email=email,
            information_requested="Data jumlah kegiatan sambang dan penyuluhan di kelurahan kami tahun 2025.",
            purpose="Bahan musyawarah warga dan kegiatan karang taruna.",
            obtain_method="softcopy",
            delivery_method="email" if email else "pickup",
        )
        if state in ("in_process", "extended", "fulfilled", "partially_fulfilled"):
            req.start_processing()
        if state == "extended":
            req.extend("Data berada di beberapa Polsek dan sedang dihimpun.", days=7)
        if state == "fulfilled":
            req.fulfil("Data terlampir dalam format PDF.")
        if state == "partially_fulfilled":
            req.fulfil(
                "Sebagian data memuat identitas warga sehingga dihitamkan.",
                partial=True,
                exemption_basis="h",
            )
        if state == "rejected_objection":
            req.reject("a", "Informasi terkait perkara yang sedang disidik.")
            req.file_objection("a", "Menurut kami perkara tersebut sudah selesai.")
        created += 1
    return created
