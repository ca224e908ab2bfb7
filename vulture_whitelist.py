"""Names vulture (``make lint``) reports that are used, but not by a call vulture can see.

Never imported or run: vulture reads the names below as "used".  Each group says who uses them.
Flask views, click commands and flask-login loaders are skipped by their decorators
(``ignore_decorators`` in ``pyproject.toml``) and need no entry here.  Dead code gets deleted,
not listed.
"""
# ruff: noqa: F821

# Dataclass fields read through ``to_json()`` / ``asdict()`` (the JSON API, ``--json``) and the
# Jinja templates, never by attribute in Python.
reason_wording  # archive.activities.LinkedDocument
document_count  # archive.activities.ActivitySummary
finding_count  # archive.activities.ActivitySummary
message_wording  # archive.audit.Finding
fix_wording  # archive.audit.Finding
earliest  # archive.audit.StepAudit
classification_confidence  # archive.records.DocumentSummary / DocumentDetail
classification_reasons  # archive.records.DocumentDetail
has_password  # archive.records.User
other_id  # archive.review.ReviewFlag (the document page links a duplicate's original)
has_token  # archive.records.User
from_corrections  # archive.records.TrainReport
from_shipped  # archive.records.TrainReport
model_path  # archive.records.TrainReport
sifat  # ingest.model.Metadata and web.forms.MetadataForm: fields reached through FIELD_NAMES
lampiran  # ingest.model.Metadata and web.forms.MetadataForm
# SOP data loaded from ingest/sop_burt.toml and validated, not read by code yet (time standard,
# outputs, the KKA terms of a document type).
time_minutes  # ingest.sop.Step
output  # ingest.sop.Step
kka  # ingest.sop.DocType
help  # archive.settings.Variable: the one line of help each BURT_ variable carries (docs, --help)
environ_used  # archive.settings.Settings: the environment a Settings was loaded from
role_label  # web.auth.LoginUser: templates
linked_at  # archive.db.ActivityLinkRow column (written by archive.activity_rows.set_link)

# Attributes a library reads after we set them.
_.font  # openpyxl cell style (archive.report)
_.freeze_panes  # openpyxl sheet (archive.report)
_.MAX_IMAGE_PIXELS  # Pillow's decompression-bomb limit (ingest.load)
_.format  # Pillow image format pytesseract writes (ingest.ocr)
_.login_view  # flask-login LoginManager (web.auth)
_.session_protection  # flask-login LoginManager (web.auth)
_.boost  # whoosh Token fields set by our tokenizer (archive.search)
_.stopped
_.startchar
_.endchar

# Protocol methods and parameters a library calls.
keeporiginal  # whoosh Tokenizer.__call__ signature (archive.search)
_.format_token  # whoosh highlight Formatter (archive.search)
_.get_id  # flask-login user protocol (web.auth)
cancel_futures  # concurrent.futures Executor.shutdown signature (ingest.pipeline's in-process executor)

# Public functions the product does not call but the tests and benchmarks use.
_.database_path  # archive.settings.Settings: tests/test_settings.py, tests/archive/test_ingest_store.py
delete_documents  # archive.search: tests/archive/test_integrity.py damages the index with it
same_partner  # archive.partners: tests/archive/test_partners.py, bench/classify.py
best_match  # archive.partners: tests/archive/test_partners.py
tesseract_version  # ingest.ocr: tests/ingest/test_ocr.py
_.types_for_step  # ingest.sop.Sop: tests/ingest/test_sop.py
permission_of  # web.access: tests/web/test_web_access.py
_.retryable  # ingest.errors.BurtError: whether a retry can help (tests/test_error_catalogue.py)
DOOR_CODES  # web.errors: the web door's own codes, checked against docs/cli.md by tests/test_error_catalogue.py

# Attributes a library reads.
_.tempdir  # tempfile.tempdir: archive.settings points temporary files into <home>/tmp
_.permanent  # flask session.permanent (web.auth): the session lasts BURT_SESSION_HOURS
_.client  # logging.LogRecord attribute web.logs adds for the log format
_.number_format  # openpyxl cell attribute archive.report sets (decimals in the audit XLSX)
_.alignment  # openpyxl cell attribute archive.report sets (wrapped multi-document cells)

# Report fields for callers of the service (archive.activity_edits MergeReport / DeleteReport).
_.removed

# A book list's own "Jumlah" row as read (archive.table_read; the benchmark and tests compare it).
_.stated_total
# The upload page's job list (issue 18): read by web/templates/upload/_jobs.html.
_.duplicate  # archive.uploads.UploadJob
# Celery workers (issue 16): a signal handler Celery calls in each pool process as it starts.
_._pool_process_started  # archive.queue
# The calibration fitter and the identity table (issue 18): used by bench/calibrate.py and its tests.
fit_curve  # ingest.calibration
IDENTITY  # ingest.calibration
