"""The one CSV/XLSX writer: rows in, a download out. CSV carries a UTF-8 BOM (so spreadsheet
programs read Indonesian text right); large exports stream; XLSX is written in write-only mode."""

import csv
import io

from django.http import HttpResponse, StreamingHttpResponse
from openpyxl import Workbook

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class _Echo:
    def write(self, value):
        return value


def csv_response(rows, filename, stream=False):
    """`rows`: an iterable of lists, the header first. `stream=True` never holds the file in memory."""
    if stream:
        writer = csv.writer(_Echo())
        response = StreamingHttpResponse(
            ("\ufeff" if i == 0 else "") + writer.writerow(row) for i, row in enumerate(rows)
        )
        response["Content-Type"] = CSV_TYPE
    else:
        response = HttpResponse(content_type=CSV_TYPE)
        response.write("\ufeff")
        csv.writer(response).writerows(rows)
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(rows, filename, sheet_title="Sheet"):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def tabular_response(rows, filename, fmt, sheet_title="Sheet", stream=False):
    """`fmt`: "csv" or "xlsx"."""
    if fmt == "xlsx":
        return xlsx_response(rows, filename, sheet_title)
    return csv_response(rows, filename, stream=stream)
