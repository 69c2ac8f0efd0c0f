"""Printed documents: frozen DTOs in (``reports.dto``), deterministic PDF bytes out.

* ``reports.credit_report.build_credit_report(data, *, reprint=False) -> bytes``
* ``reports.letters.build_letter(data, *, reprint=False) -> bytes`` (and one ``build_*`` per
  letter: receipt, forwarding slip, objection result, repair decision / refusal, withdrawal
  notice, blank commitment form)
* ``reports.documents.build_document(data)`` dispatches on the DTO's type;
  ``missing_characters(data)`` lists characters the embedded font lacks
* ``reports.verify``: canonical content and its SHA-256, the QR text, the file seal and the
  offline ``verify_pdf(pdf_bytes, public_keys)``

No Session, no Qt: numbering, signing and recording are ``app.services.documents``.
"""
