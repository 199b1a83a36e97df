"""Engines under test: the database engine on whatever DATABASE_URL points at (SQLite or
PostgreSQL), and Elasticsearch when ELASTICSEARCH_URL is set (marker `elasticsearch`)."""

import os
import uuid
from datetime import date

import pytest

from search.documents import SearchDocument

CORPUS = [
    SearchDocument(
        key="article:1",
        type="article",
        id=1,
        title="Motor hilang dicuri di parkiran",
        summary="Langkah pertama bila kendaraan bermotor Anda dicuri.",
        body="Segera lapor ke Polsek terdekat dengan membawa STNK dan BPKB. Pencurian kendaraan "
        "bermotor diancam pidana penjara.",
        url="/penyuluhan/motor-hilang/",
        date=date(2025, 3, 1),
        topics=("pencurian-kendaraan-bermotor-curanmor",),
        topic_names=("Pencurian kendaraan bermotor (curanmor)",),
        kecamatan=("36.71.01",),
    ),
    SearchDocument(
        key="article:2",
        type="article",
        id=2,
        title="Tertipu belanja online",
        summary="Barang tidak dikirim setelah transfer? Simpan bukti percakapan.",
        body="Penipuan online dapat dilaporkan. Kumpulkan bukti transfer dan tangkapan layar "
        "<script>alert(1)</script> lalu laporkan.",
        url="/penyuluhan/penipuan-online/",
        date=date(2026, 1, 10),
        topics=("penipuan-online-olshop-investasi-bodong",),
        topic_names=("Penipuan online / olshop / investasi bodong",),
        kecamatan=("36.71.02",),
    ),
    SearchDocument(
        key="article:3",
        type="article",
        id=3,
        title="Teror penagihan pinjaman online ilegal",
        summary="Data kontak disebar penagih? Ini yang bisa dilakukan.",
        body="Pinjaman online ilegal sering meneror keluarga peminjam. Laporkan ancaman ke polisi "
        "dan OJK.",
        url="/penyuluhan/pinjol/",
        date=date(2026, 2, 2),
        topics=("pinjaman-online-ilegal-pinjol-teror-penagihan",),
        topic_names=("Pinjaman online ilegal (pinjol) & teror penagihan",),
    ),
    SearchDocument(
        key="legal_reference:7",
        type="legal_reference",
        id=7,
        title="UU 1/2023 tentang KUHP Pasal 476",
        body="Pencurian: mengambil barang milik orang lain untuk dimiliki secara melawan hukum.",
        url="/penyuluhan/motor-hilang/",
        topics=("pencurian-kendaraan-bermotor-curanmor",),
        topic_names=("Pencurian kendaraan bermotor (curanmor)",),
    ),
    SearchDocument(
        key="article:4",
        type="article",
        id=4,
        title="Surat keterangan kehilangan",
        summary="Cara membuat surat kehilangan KTP atau dompet di SPKT, gratis.",
        body="Datang ke SPKT Polsek dengan fotokopi dokumen. Layanan ini tidak dipungut biaya. "
        "Motor tidak termasuk; untuk motor dicuri buat laporan polisi.",
        url="/penyuluhan/surat-kehilangan/",
        date=date(2025, 8, 17),
        topics=("surat-keterangan-kehilangan-sktlk-dokumenbarang",),
        topic_names=("Surat keterangan kehilangan (SKTLK) dokumen/barang",),
    ),
]

ENGINES = [
    pytest.param("database", id="database"),
    pytest.param("elasticsearch", id="elasticsearch", marks=pytest.mark.elasticsearch),
]


def make_engine(name):
    if name == "database":
        from search.engines.database import DatabaseEngine

        return DatabaseEngine()
    from search.engines.elasticsearch import ElasticsearchEngine

    return ElasticsearchEngine(
        url=os.environ["ELASTICSEARCH_URL"],
        alias=f"sambang-test-{uuid.uuid4().hex[:8]}",
        refresh=True,
    )


@pytest.fixture(params=ENGINES)
def engine(request, db):
    engine = make_engine(request.param)
    engine.clear()
    yield engine
    if request.param == "elasticsearch":
        engine.delete_all_indices()


@pytest.fixture
def indexed(engine):
    engine.bulk_index(CORPUS)
    return engine


@pytest.fixture(autouse=True)
def _closed_breakers():
    """Each test starts with every Elasticsearch circuit breaker closed (they live per process)."""
    from search.breaker import reset_all

    reset_all()
    yield
    reset_all()
