"""File ▸ Import and File ▸ Export, driven through their dialogs: the same formats and
options as the command line, run in the background, reported at the end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from ui_helpers import click_ok, open_windows, when_modal

from annotator.core.model import Document, Span
from annotator.store import Store
from annotator.ui.transfer import ExportDialog, ImportDialog, RefusedDialog, ReportDialog

EMOJI_TEXT = "Lavrov 😀 said the 👨‍👩‍👧 Tu-160 🇺🇦 bombers flew to Caracas."


def utf16(text: str, at: int) -> int:
    return len(text[:at].encode("utf-16-le")) // 2


def pick_files(monkeypatch: pytest.MonkeyPatch, *paths: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        lambda *args, **kwargs: ([str(p) for p in paths], ""))


def finished_report(qtbot, window) -> ReportDialog:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: bool(open_windows(ReportDialog)) and not window.files.jobs,
                    timeout=20_000)
    (dialog,) = open_windows(ReportDialog)
    return dialog


def test_import_doccano_with_emoji_in_utf16_units(qtbot, make_window, store: Store,
                                                  tmp_path: Path, monkeypatch) -> None:
    window = make_window(store)
    wanted = [("Tu-160", "weapon"), ("Caracas", "actor"), ("Lavrov", "actor")]
    spans = []
    for needle, label in wanted:
        at = EMOJI_TEXT.index(needle)
        spans.append([utf16(EMOJI_TEXT, at), utf16(EMOJI_TEXT, at + len(needle)), label])
    path = tmp_path / "doccano.jsonl"
    path.write_text(json.dumps({"text": EMOJI_TEXT, "label": spans}, ensure_ascii=False)
                    + "\n", encoding="utf-8")
    pick_files(monkeypatch, path)

    def choose(dialog: ImportDialog) -> None:
        assert dialog.detected == {"doccano": 1}
        assert dialog.options_box.isVisible()  # offsets matter for the file found
        assert dialog.stop.isChecked() and dialog.annotator.currentText() == "alice"
        dialog.set_format("doccano")
        assert not dialog.fields["predictions"].widget.isVisible()  # Label Studio only
        offsets = dialog.fields["offsets"].widget
        offsets.setCurrentIndex(offsets.findData("utf16"))
        click_ok(qtbot, dialog)

    when_modal(ImportDialog, choose)
    window.import_files_action.trigger()
    report = finished_report(qtbot, window)
    assert "1 record imported (1 new document)" in report.heading.text()
    assert f"{path} [doccano]: 1 imported" in report.text.toPlainText()

    (uid,) = store.documents.uids()
    stored = {(EMOJI_TEXT[s.start:s.end], s.label, s.annotator)
              for s in store.spans.of_document(uid)}
    assert stored == {(needle, label, "alice") for needle, label in wanted}
    assert window.documents.total() == 1 and window.uid == uid  # the window refreshed
    assert window.settings.transfer_choices("import")["offsets"] == "utf16"
    report.close()


def test_import_with_on_error_stop_refuses_a_bad_file(qtbot, make_window, store: Store,
                                                      tmp_path: Path, monkeypatch) -> None:
    window = make_window(store)
    path = tmp_path / "bad.jsonl"
    lines = [{"text": "Lavrov said no.", "label": [[0, 6, "actor"]]},
             {"text": "Shoigu agreed.", "label": [[0, 60, "actor"]]},
             {"text": "Putin left.", "label": [[0, 5, "villain"]]}]
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    pick_files(monkeypatch, path)

    def keep_defaults(dialog: ImportDialog) -> None:
        assert dialog.stop.isChecked() and not dialog.add_labels.isChecked()
        click_ok(qtbot, dialog)

    when_modal(ImportDialog, keep_defaults)
    window.import_files_action.trigger()
    report = finished_report(qtbot, window)
    text = report.text.toPlainText()
    assert "refused" in report.heading.text()
    assert "refused: nothing imported from this file" in text
    assert f"{path}:2: label[0]: [0, 60) does not fit the text" in text
    assert f"{path}:3: " in text and "tick “Add unknown labels”" in text  # not a CLI flag
    assert store.documents.count() == 0
    assert "No documents yet" in window.title.text()
    report.close()


def spans_off_tokens(store: Store) -> str:
    text = "Prensa Latina)—Russian minister Shoigu spoke."
    doc = Document.from_text(text)
    store.documents.add(doc)
    russian = text.index("Russian")
    store.spans.add(doc.id, Span(russian, russian + 7, "actor", "alice"))  # inside a token
    shoigu = text.index("Shoigu")
    store.spans.add(doc.id, Span(shoigu, shoigu + 6, "actor", "alice"))
    return doc.id


def test_export_spacy_with_split_and_alignment(qtbot, window, tmp_path: Path,
                                               monkeypatch) -> None:
    from annotator.nlp.docbin import read_docbin

    store = window.store
    uids = store.documents.uids()
    for uid in uids:
        text = store.documents.get(uid).text
        store.spans.add(uid, Span(1, text.index(" ", 5), "claim", "alice"))  # starts mid-word
    spans_off_tokens(store)
    out = tmp_path / "corpus"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args, **kwargs: str(out))

    def choose(dialog: ExportDialog) -> None:
        dialog.set_format("spacy")
        assert "relations" in dialog.drops.text()
        dialog.option("split").widget.setValue(0.25)
        dialog.option("align").set_value("expand")
        dialog.write_config.setChecked(True)
        qtbot.mouseClick(dialog.browse, Qt.MouseButton.LeftButton)  # a folder, for a split
        assert dialog.path.text() == str(out)
        assert dialog.chosen() == ["alice"]
        click_ok(qtbot, dialog)

    when_modal(ExportDialog, choose)
    window.export_action.trigger()
    report = finished_report(qtbot, window)
    train, dev = read_docbin(out / "train.spacy"), read_docbin(out / "dev.spacy")
    assert len(train) + len(dev) == len(uids) + 1 and len(dev) >= 1
    assert (out / "spancat.cfg").exists()
    assert "moved to token boundaries" in report.text.toPlainText()
    assert f"Exported {len(uids) + 1} records" in report.heading.text()
    assert window.settings.transfer_choices("export")["options"]["spacy"]["split"] == 0.25
    report.close()


def test_refused_export_shows_the_report_and_retries(qtbot, make_window, store: Store,
                                                     tmp_path: Path) -> None:
    from annotator.nlp.docbin import read_docbin

    spans_off_tokens(store)
    window = make_window(store)
    out = tmp_path / "refused.spacy"
    seen: dict[str, str] = {}

    def choose(dialog: ExportDialog) -> None:
        dialog.set_format("spacy")
        assert dialog.option("align").value() is None  # unset: refuse and report
        dialog.path.setText(str(out))
        click_ok(qtbot, dialog)

    def refused(dialog: RefusedDialog) -> None:
        seen["report"] = dialog.report.toPlainText()
        seen["written"] = str(out.exists())
        dialog.modes["drop"].setChecked(True)
        click_ok(qtbot, dialog)

    when_modal(ExportDialog, choose)
    when_modal(RefusedDialog, refused)
    window.export_action.trigger()
    report = finished_report(qtbot, window)
    assert seen["report"].startswith("1 spans do not start and end on spaCy token boundaries")
    assert "[Russian]" in seen["report"] and "--align" not in seen["report"]
    assert seen["written"] == "False"
    (doc,) = read_docbin(out)
    assert [s.text for s in doc.spans["sc"]] == ["Shoigu"]
    assert "1 spans dropped" in report.text.toPlainText()
    assert window.settings.transfer_choices("export")["options"]["spacy"]["align"] == "drop"
    report.close()


def test_cancelling_the_import_dialog_imports_nothing(qtbot, make_window, store: Store,
                                                      tmp_path: Path, monkeypatch) -> None:
    window = make_window(store)
    path = tmp_path / "a.txt"
    path.write_text("Title\nBody text.", encoding="utf-8")
    pick_files(monkeypatch, path)
    when_modal(ImportDialog, lambda dialog: dialog.reject())
    window.import_files_action.trigger()
    qtbot.wait(50)
    assert not window.files.jobs and store.documents.count() == 0
