"""libtesseract inside this process, behind one module: the only one that loads it (ctypes, C API).

Every ``tesseract`` command the OCR wrapper (``ingest.ocr``) starts loads the language model
again (~0.05 CPU-s a call, six or more calls a page). Here an engine is created once per
(model folder, languages, page segmentation mode, variables) per process, lazily, and kept: a reading costs
only the recognition. The model folder (``Init``'s datapath) is None for the system's tessdata, the page's
model; another folder holds another recognizer of the same language (``IngestOptions.witness_tessdata``:
the field re-reading's second, independent witness), whose fault leaves the system model's engines alone. The engine is driven exactly as the ``tesseract`` command drives it, so
its output is the command's, byte for byte (``bench/pipeline_identity.py``): the same 5.3 library
(``libtesseract.so.5``), the same ``Init`` (default tessdata, default engine mode), the same page
segmentation mode and ``-c`` variables, the image decoded by the same Leptonica reader from the
same PGM/PPM bytes the command would be handed in a file, ``--dpi`` as ``user_defined_dpi``, and
the TSV rows of the command's TSV renderer (``GetTsvText``).

Faults: when the library cannot be loaded, its OpenMP runtime is not held to one thread
(``OMP_THREAD_LIMIT=1`` before it was loaded), an engine cannot start or a call fails, ``read_tsv`` returns None after
logging why, and the caller reads with the command instead. A call that runs past its deadline
raises ``OcrTimeoutError`` as the command's timeout does. Engines belong to the process that made
them: a forked child (a pool worker, a Celery child) forgets its parent's and makes its own.
"""
from __future__ import annotations

import ctypes
import logging
import os
import threading
import time
from dataclasses import dataclass

from .errors import OcrTimeoutError

log = logging.getLogger(__name__)

_TESSERACT = "libtesseract.so.5"
OSD_MODEL = "osd"  # Tesseract's orientation and script model (``read_osd``)
OSD_ONLY = 0  # the page segmentation mode of orientation and script detection alone
_LEPTONICA = "liblept.so.5"
_GOMP = "libgomp.so.1"


class EngineError(Exception):
    """The engine could not be loaded or failed on a reading (the command reads it instead)."""


@dataclass(frozen=True)
class _Libraries:
    tesseract: ctypes.CDLL
    leptonica: ctypes.CDLL


def _bind(lib: ctypes.CDLL, name: str, restype, *argtypes) -> None:
    fn = getattr(lib, name)
    fn.restype = restype
    fn.argtypes = list(argtypes)


def _one_thread() -> bool:
    """True when libtesseract's OpenMP runtime holds Tesseract to one thread (``OMP_THREAD_LIMIT=1``,
    ``ingest.threads``). The runtime reads the variable once, when it is loaded: a process that loaded it
    before setting the limit, or an operator's larger limit, would let Tesseract start a thread pool in
    this process, which spins beside the other work and which a forked child cannot use (it hung)."""
    gomp = ctypes.CDLL(_GOMP)
    gomp.omp_get_thread_limit.restype = ctypes.c_int
    return int(gomp.omp_get_thread_limit()) == 1


def _load() -> _Libraries:
    """libtesseract and Leptonica with the C functions used here typed (raises ``EngineError``)."""
    try:
        tess = ctypes.CDLL(_TESSERACT)
        lept = ctypes.CDLL(_LEPTONICA)
        p, s, i = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int
        _bind(tess, "TessVersion", s)
        _bind(tess, "TessBaseAPICreate", p)
        _bind(tess, "TessBaseAPIInit3", i, p, s, s)
        _bind(tess, "TessBaseAPISetVariable", i, p, s, s)
        _bind(tess, "TessBaseAPISetPageSegMode", None, p, i)
        _bind(tess, "TessBaseAPISetImage2", None, p, p)
        _bind(tess, "TessBaseAPIRecognize", i, p, p)
        _bind(tess, "TessBaseAPIGetTsvText", p, p, i)
        _bind(tess, "TessDeleteText", None, p)
        _bind(tess, "TessBaseAPIClear", None, p)
        _bind(tess, "TessBaseAPIDetectOrientationScript", i, p, ctypes.POINTER(i), ctypes.POINTER(ctypes.c_float),
              ctypes.POINTER(s), ctypes.POINTER(ctypes.c_float))
        _bind(tess, "TessBaseAPIEnd", None, p)
        _bind(tess, "TessBaseAPIDelete", None, p)
        _bind(tess, "TessMonitorCreate", p)
        _bind(tess, "TessMonitorDelete", None, p)
        _bind(tess, "TessMonitorSetDeadlineMSecs", None, p, i)
        _bind(lept, "pixReadMem", p, ctypes.c_char_p, ctypes.c_size_t)
        _bind(lept, "pixDestroy", None, ctypes.POINTER(ctypes.c_void_p))
        if not _one_thread():
            raise EngineError(f"OpenMP not held to one thread (OMP_THREAD_LIMIT={os.environ.get('OMP_THREAD_LIMIT')},"
                              " or set after it was loaded)")
    except (OSError, AttributeError) as exc:
        raise EngineError(f"{_TESSERACT} unusable: {exc}") from exc
    return _Libraries(tess, lept)


class _Engine:
    """One initialised ``TessBaseAPI``: a language model loaded, a page segmentation mode and
    variables set as the command line sets them; reads one image per call."""

    def __init__(self, libs: _Libraries, languages: str, psm: int, variables: tuple[tuple[str, str], ...],
                 datapath: str | None = None):
        self._libs = libs
        self._lock = threading.Lock()
        tess = libs.tesseract
        handle = tess.TessBaseAPICreate()
        if not handle:
            raise EngineError("TessBaseAPICreate failed")
        if tess.TessBaseAPIInit3(handle, datapath.encode() if datapath else None, languages.encode()) != 0:
            tess.TessBaseAPIDelete(handle)
            raise EngineError(f"Tesseract could not load the language model {languages!r}"
                              + (f" from {datapath}" if datapath else ""))
        self._handle = handle
        tess.TessBaseAPISetPageSegMode(handle, psm)
        # tprintf's notes ("Estimating resolution as ...") go nowhere, as the command's stderr is dropped
        for name, value in (("debug_file", "/dev/null"),) + variables:
            self._set(name, value)

    def _set(self, name: str, value: str) -> None:
        if not self._libs.tesseract.TessBaseAPISetVariable(self._handle, name.encode(), value.encode()):
            raise EngineError(f"Tesseract has no variable {name!r}")

    def read(self, pnm: bytes, dpi: int, timeout_s: float, page: int) -> str:
        """TSV rows (no header) of the image in ``pnm`` (PGM/PPM bytes), its ``page_num`` column
        ``page + 1``; ``dpi`` 0: not told (as without ``--dpi``)."""
        tess, lept = self._libs.tesseract, self._libs.leptonica
        with self._lock:
            self._set("user_defined_dpi", str(int(dpi)))
            pix = ctypes.c_void_p(lept.pixReadMem(pnm, len(pnm)))
            if not pix.value:
                raise EngineError("Leptonica could not decode the image")
            monitor = tess.TessMonitorCreate()
            try:
                tess.TessBaseAPISetImage2(self._handle, pix)
                deadline_ms = int(timeout_s * 1000) if timeout_s else 0
                tess.TessMonitorSetDeadlineMSecs(monitor, deadline_ms)
                started = time.monotonic()
                if tess.TessBaseAPIRecognize(self._handle, monitor) != 0:
                    if deadline_ms and (time.monotonic() - started) * 1000 >= deadline_ms:
                        raise OcrTimeoutError(detail=f"libtesseract passed its {timeout_s} s deadline")
                    raise EngineError("TessBaseAPIRecognize failed")
                text = tess.TessBaseAPIGetTsvText(self._handle, page)
                if not text:
                    raise EngineError("TessBaseAPIGetTsvText returned nothing")
                try:
                    return ctypes.string_at(text).decode("utf-8")
                finally:
                    tess.TessDeleteText(text)
            finally:
                tess.TessBaseAPIClear(self._handle)
                tess.TessMonitorDelete(monitor)
                lept.pixDestroy(ctypes.byref(pix))

    def osd(self, pnm: bytes) -> str | None:
        """The text ``tesseract <image> <out> --psm 0`` writes to its ``.osd`` file for the PGM/PPM image ``pnm``
        (this engine made for psm 0 and the ``osd`` model), or None where the command fails (too few characters
        to decide). The command's OSD renderer asks ``DetectOrientationScript`` and writes its four figures as
        written here; before it, the command's page pass (``ProcessPage`` in psm 0) finds the page's layout and
        runs a first detection on its blobs whose answer nothing uses, and ``DetectOrientationScript`` clears
        what that pass made (``ClearResults``: the binarised image and the blocks) and thresholds the image
        afresh. That pass is not run here: the same figures at ~1/4 of the command's CPU
        (``tests/ingest/test_osd_engine38.py``; bench/README.md, speed38)."""
        tess, lept = self._libs.tesseract, self._libs.leptonica
        with self._lock:
            pix = ctypes.c_void_p(lept.pixReadMem(pnm, len(pnm)))
            if not pix.value:
                raise EngineError("Leptonica could not decode the image")
            degrees, confidence = ctypes.c_int(0), ctypes.c_float(0.0)
            script, script_confidence = ctypes.c_char_p(), ctypes.c_float(0.0)
            try:
                tess.TessBaseAPISetImage2(self._handle, pix)
                found = tess.TessBaseAPIDetectOrientationScript(self._handle, ctypes.byref(degrees),
                                                                ctypes.byref(confidence), ctypes.byref(script),
                                                                ctypes.byref(script_confidence))
            finally:
                tess.TessBaseAPIClear(self._handle)
                lept.pixDestroy(ctypes.byref(pix))
        if not found:
            return None
        # GetOsdText's lines: the clockwise turn that makes the page upright from the orientation found
        rotate = {0: 0, 1: 270, 2: 180, 3: 90}.get(degrees.value // 90, -1)
        return (f"Page number: 0\nOrientation in degrees: {degrees.value}\nRotate: {rotate}\n"
                f"Orientation confidence: {confidence.value:.2f}\nScript: {(script.value or b'').decode()}\n"
                f"Script confidence: {script_confidence.value:.2f}\n")

    def close(self) -> None:
        self._libs.tesseract.TessBaseAPIEnd(self._handle)
        self._libs.tesseract.TessBaseAPIDelete(self._handle)


class _Engines:
    """This process's libraries and engines, made on first use; a fault is remembered so that
    one log line says it and later readings go straight to the command."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.libs: _Libraries | None = None
        self.unusable: str | None = None
        self.engines: dict[tuple, _Engine] = {}
        # (model folder, languages) -> why that model could not be loaded: another folder's (the second model) or
        # the OSD model; the page's own model failing to load makes the library unusable
        self.models_unusable: dict[tuple[str | None, str], str] = {}

    def engine(self, languages: str, psm: int, variables: tuple[tuple[str, str], ...],
               datapath: str | None = None) -> _Engine | None:
        key = (datapath, languages, psm, variables)
        with self.lock:
            if self.unusable is not None or (datapath, languages) in self.models_unusable:
                return None
            if key in self.engines:
                return self.engines[key]
            try:
                if self.libs is None:
                    self.libs = _load()
                self.engines[key] = _Engine(self.libs, languages, psm, variables, datapath)
            except EngineError as exc:
                if (datapath is not None or psm == OSD_ONLY) and self.libs is not None:
                    # that model only (another folder's, or the OSD model): the rest reads on
                    self.models_unusable[(datapath, languages)] = str(exc)
                    log.warning("Tesseract model %s%s not used in process %d: %s", languages,
                                f" in {datapath}" if datapath else "", os.getpid(), exc)
                    return None
                self.unusable = str(exc)
                log.warning("libtesseract not used in process %d, reading with the tesseract command: %s",
                            os.getpid(), exc)
                return None
            return self.engines[key]

    def drop(self, languages: str, psm: int, variables: tuple[tuple[str, str], ...],
             datapath: str | None = None) -> None:
        with self.lock:
            engine = self.engines.pop((datapath, languages, psm, variables), None)
        if engine is not None:
            engine.close()


_ENGINES = _Engines()


def _forget_in_child() -> None:
    """A forked child starts with no engine: its parent's are the parent's (their memory is
    copied, their OpenMP state is not safe to reuse, and closing them here would be wrong too)."""
    global _ENGINES
    _ENGINES = _Engines()


os.register_at_fork(after_in_child=_forget_in_child)


def read_tsv(pnm: bytes, languages: str, psm: int, dpi: int = 0, timeout_s: float = 0, page: int = 0,
             variables: tuple[tuple[str, str], ...] = (), datapath: str | None = None) -> str | None:
    """The TSV rows (no header line) ``tesseract <image> - -l <languages> --psm <psm> [--dpi <dpi>]
    [--tessdata-dir <datapath>] [-c name=value ...] tsv`` would write for the PGM/PPM image ``pnm``,
    ``page_num`` being ``page + 1``; None when the engine cannot read it (logged; read with the command
    instead). ``datapath``: the folder of the model (None: the system's tessdata). Raises ``OcrTimeoutError``
    past ``timeout_s``."""
    engines = _ENGINES
    engine = engines.engine(languages, psm, variables, datapath)
    if engine is None:
        return None
    try:
        return engine.read(pnm, dpi, timeout_s, page)
    except EngineError as exc:
        log.warning("libtesseract failed in process %d (%s), reading with the tesseract command", os.getpid(), exc)
        engines.drop(languages, psm, variables, datapath)
        return None


def read_osd(pnm: bytes, variables: tuple[tuple[str, str], ...] = (), model: str = OSD_MODEL
             ) -> tuple[bool, str | None]:
    """What ``tesseract <image> <out> -l osd --psm 0 [-c name=value ...]`` writes for the PGM/PPM image ``pnm``:
    ``(True, text)``, ``(True, None)`` where the command fails to decide; ``(False, None)`` when the engine cannot
    read it (logged; read with the command instead). An OSD model that cannot be loaded leaves the page's model
    read by the engine."""
    engines = _ENGINES
    engine = engines.engine(model, OSD_ONLY, variables)
    if engine is None:
        return False, None
    try:
        return True, engine.osd(pnm)
    except EngineError as exc:
        log.warning("libtesseract failed in process %d (%s), reading with the tesseract command", os.getpid(), exc)
        engines.drop(model, OSD_ONLY, variables)
        return False, None
