"""Review mode and the agreement dashboard, driven through the real widgets."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from test_review_corpus import ANNOTATORS, build_corpus
from ui_helpers import click_ok, find, select_text, when_modal

from annotator.core.model import AnnotatorKind, DocState, Span, Status
from annotator.services import review
from annotator.services.review import Category
from annotator.ui import transfer
from annotator.ui.review import dashboard
from annotator.ui.review import menu as controller
from annotator.ui.review.document_table import COLUMNS, DocumentTableModel
from annotator.ui.review.start import StartReviewDialog


def click_row(qtbot, table, row: int) -> None:  # type: ignore[no-untyped-def]
    rect = table.visualRect(table.model().index(row, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def two_annotators(window) -> dict[str, tuple[int, int]]:  # type: ignore[no-untyped-def]
    """alice and bob on the open document: one agreed, one label conflict, one only-bob."""
    store, uid = window.store, window.uid
    store.annotators.ensure("bob")
    at = {name: find(window, name) for name in ("Sergey Shoigu", "Moscow", "Cuba")}
    for who in ("alice", "bob"):
        store.spans.add(uid, Span(*at["Sergey Shoigu"], "actor", who))
    store.spans.add(uid, Span(*at["Moscow"], "actor", "alice"))
    store.spans.add(uid, Span(*at["Moscow"], "claim", "bob"))
    store.spans.add(uid, Span(*at["Cuba"], "actor", "bob"))
    return at


def judged(window) -> dict[tuple[int, int, str], Status]:  # type: ignore[no-untyped-def]
    spans = window.store.spans.of_document(window.uid, ["judge"])
    return {(s.start, s.end, s.label): s.status for s in spans}


def test_adjudicate_a_document_and_export_the_reviewed_set(
        qtbot, window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    at = two_annotators(window)
    window._reopen()

    def fill(dialog: StartReviewDialog) -> None:
        assert sorted(dialog.chosen()) == ["alice", "bob"]
        dialog.reviewer.setCurrentText("judge")
        click_ok(qtbot, dialog)

    when_modal(StartReviewDialog, fill)
    window.start_review_action.trigger()
    window.activateWindow()  # the offscreen platform does not hand activation back
    qtbot.waitUntil(window.isActiveWindow)
    mode = window.review
    assert mode is not None and mode.reviewer == "judge"
    assert dict(window.store.annotators.all())["judge"] is AnnotatorKind.REVIEWER
    assert not window.span_panel.isVisible() and mode.panel.isVisible()
    rows = mode.model.candidates()
    # In text order: Cuba (title), Moscow twice, Sergey Shoigu.
    assert [(c.label, c.category) for c in rows] == [
        ("actor", Category.ONLY), ("actor", Category.LABEL), ("claim", Category.LABEL),
        ("actor", Category.AGREED)]
    assert mode.panel.progress.text() == "0 / 4 decided"
    # The view shows candidates, coloured by category, with who proposed them.
    shown = {s.label: s.annotator for s in window.view.spans()}
    assert shown["actor (agreed)"] == "both · agreed · undecided"
    assert shown["claim (label differs)"].startswith("only bob")

    text = window.view.text_widget()
    qtbot.keyClick(text, Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)  # accept all agreed
    assert judged(window) == {(*at["Sergey Shoigu"], "actor"): Status.ACCEPTED}
    # Moscow: keep alice's actor (click its row, press A), bob's claim is rejected (button).
    click_row(qtbot, mode.panel.table, 1)
    assert window.view.selected_span().id == 2  # the view follows the list
    qtbot.keyClick(text, Qt.Key.Key_A)
    assert mode.panel.current_row() == 2  # moved on to the next undecided
    qtbot.mouseClick(mode.panel.reject_button, Qt.MouseButton.LeftButton)
    assert mode.panel.progress.text() == "3 / 4 decided"
    assert window.store.states.get(window.uid, "judge")[0] is DocState.IN_PROGRESS
    assert mode.panel.current_row() == 0  # wrapped round to the last undecided: Cuba
    qtbot.keyClick(text, Qt.Key.Key_R)
    assert judged(window) == {
        (*at["Sergey Shoigu"], "actor"): Status.ACCEPTED,
        (*at["Moscow"], "actor"): Status.ACCEPTED,
        (*at["Moscow"], "claim"): Status.REJECTED,
        (*at["Cuba"], "actor"): Status.REJECTED}
    assert mode.panel.progress.text() == "4 / 4 decided"
    assert window.store.states.get(window.uid, "judge")[0] is DocState.DONE
    row = window.documents.row_of(window.uid)
    assert window.documents.index(row, 1).data() == "done"  # the list shows review states
    assert "Reviewed 1 of 1 documents" in window.status.progress.text()
    rejected = [s for s in window.view.spans() if s.label.endswith("✗")]
    assert len(rejected) == 2

    # Undecide and decide again: one span, changed in place.
    click_row(qtbot, mode.panel.table, 0)
    qtbot.keyClick(text, Qt.Key.Key_U)
    assert (*at["Cuba"], "actor") not in judged(window)
    assert window.store.states.get(window.uid, "judge")[0] is DocState.IN_PROGRESS
    qtbot.keyClick(text, Qt.Key.Key_R)

    # File ▸ Export offers the reviewed set first.
    out = tmp_path / "reviewed.jsonl"

    def only_reviewer(dialog: transfer.ExportDialog) -> None:
        assert dialog.chosen() == ["judge"]
        dialog.set_format("jsonl")
        dialog.path.setText(str(out))
        click_ok(qtbot, dialog)

    when_modal(transfer.ExportDialog, only_reviewer)
    window.export_action.trigger()
    window.activateWindow()
    qtbot.waitUntil(lambda: out.exists() and not window.files.jobs, timeout=10000)
    for report in [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, transfer.ReportDialog)]:
        report.close()
    [record] = [json.loads(line) for line in out.read_text().splitlines()]
    assert record.get("_annotator_id", record.get("annotator")) == "judge"
    assert sorted((s["start"], s["end"], s["label"]) for s in record["spans"]) == sorted(
        [(*at["Sergey Shoigu"], "actor"), (*at["Moscow"], "actor")])

    # Leaving returns to annotation: the span list and real spans are back.
    qtbot.mouseClick(mode.panel.leave_button, Qt.MouseButton.LeftButton)
    assert window.review is None and window.span_panel.isVisible()
    assert {s.annotator for s in window.view.spans()} == {"alice", "bob", "judge"}
    assert window.leave_review_action.isEnabled() is False


def test_review_of_a_three_annotator_corpus(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    uids = build_corpus(window.store)
    window._reopen()
    mode = controller.start(window, list(ANNOTATORS), "judge")
    assert mode is not None
    first = window.uid
    expected = review.compare_document(window.store, first, ANNOTATORS, "judge")
    assert mode.model.candidates() == expected
    assert {c.category for c in expected} >= {Category.AGREED, Category.PARTIAL,
                                              Category.LABEL, Category.OVERLAP}
    assert "label differs" in mode.panel.legend.text()
    total = review.corpus_progress(window.store, ANNOTATORS, "judge").total
    assert f"0 / {total:,} decided" in mode.panel.corpus.text()

    text = window.view.text_widget()
    for _ in uids:  # accept what everyone agrees on, everywhere, then move on
        qtbot.keyClick(text, Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)
        agreed = [c for c in mode.model.candidates() if c.category is Category.AGREED]
        assert agreed and all(c.decision is Status.ACCEPTED for c in agreed)
        qtbot.keyClick(text, Qt.Key.Key_N, Qt.KeyboardModifier.ShiftModifier)
    progress = review.corpus_progress(window.store, ANNOTATORS, "judge")
    n_agreed = sum(1 for uid in uids for c in review.compare_document(
        window.store, uid, ANNOTATORS) if c.category is Category.AGREED)
    assert progress.decided == n_agreed
    assert f"{n_agreed:,} / {total:,} decided" in window.status.progress.text()
    # Every accepted reviewer span is an agreed one.
    accepted = [s for uid in uids for s in window.store.spans.of_document(uid, ["judge"])]
    assert len(accepted) == n_agreed and all(s.status is Status.ACCEPTED for s in accepted)

    # A document finished by hand is marked done and the list says so.
    window.open_document(first)
    while (row := mode._next_undecided(-1)) >= 0:
        mode.select(row)
        qtbot.keyClick(text, Qt.Key.Key_R)
    assert window.store.states.get(first, "judge")[0] is DocState.DONE
    assert mode.progress.documents_done == 1
    window.leave_review()


def test_label_keys_add_and_correct_in_review(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    at = two_annotators(window)
    mode = controller.start(window, ["alice", "bob"], "judge")
    assert mode is not None
    text = window.view.text_widget()
    # Text nobody marked: the label key adds it to the reviewed set.
    select_text(window, *find(window, "Nicaragua"))
    qtbot.keyClick(text, Qt.Key.Key_1)
    assert judged(window)[(*find(window, "Nicaragua"), "actor")] is Status.ACCEPTED
    added = next(c for c in mode.model.candidates() if c.category is Category.ADDED)
    assert mode.model.candidate(mode.panel.current_row()) == added
    # A candidate selected: the key accepts it under the new label and rejects it.
    cuba = next(i for i, c in enumerate(mode.model.candidates()) if c.start == at["Cuba"][0])
    click_row(qtbot, mode.panel.table, cuba)
    qtbot.keyClick(text, Qt.Key.Key_2)
    assert judged(window)[(*at["Cuba"], "weapon")] is Status.ACCEPTED
    assert judged(window)[(*at["Cuba"], "actor")] is Status.REJECTED
    # Delete rejects too, and edits of annotators' spans are impossible here.
    shoigu = next(i for i, c in enumerate(mode.model.candidates())
                  if c.start == at["Sergey Shoigu"][0])
    click_row(qtbot, mode.panel.table, shoigu)
    qtbot.keyClick(text, Qt.Key.Key_Delete)
    assert judged(window)[(*at["Sergey Shoigu"], "actor")] is Status.REJECTED
    assert len(window.store.spans.of_document(window.uid, ["alice", "bob"])) == 5
    window.leave_review()


def test_start_dialog_refuses_bad_reviewer_names(qtbot, seeded) -> None:  # type: ignore[no-untyped-def]
    for name in ("alice", "bob"):
        seeded.annotators.ensure(name)
    uid = seeded.documents.uids()[0]
    seeded.spans.add(uid, Span(0, 5, "actor", "alice"))
    seeded.spans.add(uid, Span(0, 5, "actor", "bob"))
    dialog = StartReviewDialog(seeded)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.chosen() == ["alice", "bob"] and ok.isEnabled()
    dialog.reviewer.setCurrentText("alice")
    assert not ok.isEnabled() and "under review" in dialog.problem.text()
    dialog.reviewer.setCurrentText("judge")
    assert ok.isEnabled()
    dialog.annotators.item(0).setCheckState(Qt.CheckState.Unchecked)
    assert not ok.isEnabled() and "two" in dialog.problem.text()


def test_agreement_dashboard(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    build_corpus(window.store)
    controller.show_agreement(window)
    dialog = window.agreement_dialog
    qtbot.waitUntil(dialog.is_ready, timeout=20000)
    report = dialog.result.report
    assert report.annotators == ANNOTATORS
    pair = report.matrix.get("alice", "bob")
    # The summary and the bars carry each figure with its counts.
    e = pair.exact.overall
    assert f"TP {e.tp:,.0f} · FP {e.fp:,.0f} · FN {e.fn:,.0f}" in dialog.summary.text()
    groups = {g.label: g for g in dialog.bars.groups()}
    assert set(groups) == {"(all labels)", *pair.exact.per_label}
    assert groups["actor"].figures[0].value == pytest.approx(pair.exact.per_label["actor"].f1)
    claim = groups["claim"].figures[0]  # alice never used claim, bob twice: F1 0 not n/a
    assert claim.value == 0.0 and claim.counts == "TP 0 · FP 2 · FN 0"
    # Confusion table = the service's counts.
    confusion = review.confusion(window.store, "alice", "bob")
    model = dialog.confusion_model
    labels = [*confusion.labels, None]
    for r, a in enumerate(labels):
        for c, b in enumerate(labels):
            if a is not None or b is not None:
                shown = model.item(r, c).text()
                assert shown == (f"{confusion.get(a, b):,}" if confusion.get(a, b) else "·")
    assert dialog.tabs.isTabEnabled(dialog.matrix_tab)  # three annotators: the matrix
    assert dialog.matrix_model.item(0, 1).text().startswith(
        f"F1 {report.matrix.f1('alice', 'bob'):.2f}")
    # Another pair, then a document click opens it in the window.
    dialog.pair_box.setCurrentIndex(2)
    assert "bob</b> vs <b>carol" in dialog.summary.text()
    dialog.tabs.setCurrentWidget(dialog.documents_view)
    view = dialog.documents_view
    index = view.model().index(0, 0)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.visualRect(index).center())
    assert window.uid == index.data(Qt.ItemDataRole.UserRole + 2)
    dialog.close()


def test_document_table_sorts_by_every_column(qtbot, qtmodeltester, window) -> None:  # type: ignore[no-untyped-def]
    build_corpus(window.store)
    window.agreement_action.trigger()
    dialog = window.agreement_dialog
    qtbot.waitUntil(dialog.is_ready, timeout=20000)
    view = dialog.documents_view
    model = view.model()
    standalone = DocumentTableModel()  # the dialog's own goes when it closes
    standalone.set_rows(model.rows())
    qtmodeltester.check(standalone, force_py=True)
    pair = dialog.pair()
    by_uid = {doc.doc_id: doc for doc in pair.documents}
    assert model.rowCount() == pair.n_documents == len(by_uid)

    def column(c: int) -> list[str]:
        return [model.index(r, c).data() for r in range(model.rowCount())]

    def uids() -> list[str]:
        return [model.index(r, 0).data(Qt.ItemDataRole.UserRole + 2)
                for r in range(model.rowCount())]

    # Worst first by default, and each row's figures are its document's.
    exact = [by_uid[uid].exact.overall.f1 for uid in uids()]
    assert exact == sorted(exact)
    assert column(1) == [f"{f:.2f}" for f in exact]
    assert column(3) == [f"{by_uid[uid].exact.overall.tp:,.0f}" for uid in uids()]
    # FP and FN as the summary has them: alice is the reference, bob's extras are FP.
    assert column(4) == [f"{by_uid[uid].exact.overall.fp:,.0f}" for uid in uids()]
    assert column(5) == [f"{by_uid[uid].exact.overall.fn:,.0f}" for uid in uids()]
    assert column(4) != column(5)
    # A click on a header sorts by it; again, the other way; the selection follows.
    view.selectRow(0)
    chosen = uids()[0]
    header = view.horizontalHeader()
    tp = header.sectionViewportPosition(3) + header.sectionSize(3) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(tp, 5))
    counts = [by_uid[uid].exact.overall.tp for uid in uids()]
    assert counts == sorted(counts)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(tp, 5))
    counts = [by_uid[uid].exact.overall.tp for uid in uids()]
    assert counts == sorted(counts, reverse=True)
    assert uids()[view.currentIndex().row()] == chosen
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    titles = column(0)
    assert titles == sorted(titles, key=str.lower)
    dialog.close()


def test_closing_the_dashboard_while_it_computes_does_not_wait(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    build_corpus(window.store)
    release = threading.Event()
    real = dashboard.compute

    def held(store, names, progress=None):  # type: ignore[no-untyped-def]
        release.wait(20)
        return real(store, names, progress)

    monkeypatch.setattr(dashboard, "compute", held)
    window.agreement_action.trigger()
    dialog = window.agreement_dialog
    job = dialog._job
    assert job in window.files.jobs
    dialog.close()  # the work is held: a close that waited would hang here
    assert job.thread.isRunning() and not dialog.isVisible()
    release.set()
    qtbot.waitUntil(lambda: job not in window.files.jobs, timeout=20000)
    # Nothing was shown for the abandoned job, and the window is still usable.
    window.agreement_action.trigger()
    again = window.agreement_dialog
    qtbot.waitUntil(again.is_ready, timeout=20000)
    again.close()


def test_dashboard_computes_while_another_program_writes(qtbot, window, db_path) -> None:  # type: ignore[no-untyped-def]
    from tests.lock_holder import write_lock_held

    build_corpus(window.store)
    with write_lock_held(db_path):  # agreement only reads: the lock does not stop it
        window.agreement_action.trigger()
        dialog = window.agreement_dialog
        qtbot.waitUntil(dialog.is_ready, timeout=20000)
        assert dialog.result.report is not None
        assert dialog.documents_view.model().rowCount() == dialog.pair().n_documents > 0
        dialog.close()


def test_dashboard_with_one_person_says_so(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    select_text(window, *find(window, "Cuba"))
    qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_1)
    window.queue.wait(5.0)
    window.agreement_action.trigger()
    dialog = window.agreement_dialog
    qtbot.waitUntil(dialog.is_ready, timeout=20000)
    assert dialog.result.report is None and dialog.documents_view.model().rowCount() == 0
    assert dialog.summary.text().startswith("Fewer than two people have spans")
    assert not dialog.compute_button.isEnabled()
    dialog.close()


def test_undefined_figures_read_na_with_a_reason(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    store.annotators.ensure("bob")
    first, second = store.documents.uids()[:2]
    cuba = find(window, "Cuba")
    for who in ("alice", "bob"):
        store.spans.add(first, Span(*cuba, "actor", who))
        store.states.set(second, who, DocState.DONE)  # both read it and found nothing
    controller.show_agreement(window)
    dialog = window.agreement_dialog
    qtbot.waitUntil(dialog.is_ready, timeout=20000)
    model = dialog.documents_view.model()
    rows = {model.index(r, 0).data(Qt.ItemDataRole.UserRole + 2): r
            for r in range(model.rowCount())}
    assert set(rows) == {first, second}
    empty = model.index(rows[second], 1)
    assert empty.data() == "n/a"
    assert empty.data(Qt.ItemDataRole.ToolTipRole).startswith(
        "n/a: neither annotator has a span")
    agreed = model.index(rows[first], 1)
    assert agreed.data() == "1.00"
    assert agreed.data(Qt.ItemDataRole.ToolTipRole) == "TP 1 · FP 0 · FN 0"
    kappa = model.index(rows[second], 6)  # one category only: kappa is undefined
    assert kappa.data() == "n/a"
    assert "expected agreement is 1" in kappa.data(Qt.ItemDataRole.ToolTipRole)
    dialog.close()


def test_decisions_undo_and_redo_with_the_one_history(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    at = two_annotators(window)
    window._reopen()
    mode = controller.start(window, ["alice", "bob"], "judge")
    assert mode is not None
    shoigu = (*at["Sergey Shoigu"], "actor")
    cuba = (*at["Cuba"], "actor")
    rows = {c.key: row for row, c in enumerate(mode.model.candidates())}
    mode.select(rows[cuba])
    qtbot.keyClick(window, Qt.Key.Key_R)
    assert judged(window) == {cuba: Status.REJECTED}
    window.undo_action.trigger()
    assert judged(window) == {}
    assert mode.model.candidate(rows[cuba]).decision is None  # the panel follows
    window.redo_action.trigger()
    assert judged(window) == {cuba: Status.REJECTED}
    # Accept all agreed is one step: one Ctrl+Z takes it back whole.
    qtbot.keyClick(window, Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)
    assert judged(window) == {cuba: Status.REJECTED, shoigu: Status.ACCEPTED}
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert judged(window) == {cuba: Status.REJECTED}
    assert window.store.states.get(window.uid, "judge")[0] is not DocState.DONE


def test_decisions_made_while_the_store_is_locked_are_kept(
        qtbot, make_window, seeded, db_path) -> None:  # type: ignore[no-untyped-def]
    from annotator.store import open_store
    from tests.lock_holder import write_lock_held

    probe = make_window(seeded)
    two_annotators(probe)
    probe.close()
    seeded.close()
    store = open_store(db_path, busy_timeout=0.3)
    window = make_window(store, inline=False)
    mode = controller.start(window, ["alice", "bob"], "judge")
    assert mode is not None and window.queue.wait(10)
    with write_lock_held(db_path):
        mode.select(0)
        qtbot.keyClick(window, Qt.Key.Key_A)
        assert mode.model.candidate(0).decision is Status.ACCEPTED  # shown at once
        assert judged(window) == {}
    assert window.queue.wait(10)
    assert list(judged(window).values()) == [Status.ACCEPTED]
    store.close()


def test_agreement_dashboard_shows_relation_figures(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Relation F1, exact and with overlapping ends, per type: in the summary, the
    Relations page and the documents table, equal to the report's."""
    store, uid = window.store, window.uid
    store.annotators.ensure("bob")
    quote = find(window, "“They are nations")
    official = find(window, "The Russian official")
    shoigu = find(window, "Sergey Shoigu")
    claim = find(window, "his country cooperates in the technical-military sphere")
    cuba = find(window, "Cuba", 1)
    made = {}
    for who in ("alice", "bob"):
        made[who] = {name: store.spans.add(uid, Span(*at, label, who)) for name, at, label in (
            ("quote", quote, "quote"), ("official", official, "actor"),
            ("shoigu", shoigu, "actor"), ("claim", claim, "claim"), ("cuba", cuba, "actor"))}
    # Both: the quote's speaker. alice: the claim is about Cuba; bob: its speaker is Shoigu.
    for who in ("alice", "bob"):
        store.spans.add_relation(made[who]["quote"].id, made[who]["official"].id, "speaker")
    store.spans.add_relation(made["alice"]["claim"].id, made["alice"]["cuba"].id, "about")
    store.spans.add_relation(made["bob"]["claim"].id, made["bob"]["shoigu"].id, "speaker")
    controller.show_agreement(window)
    dialog = window.agreement_dialog
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=20000)
    pair = dialog.result.report.matrix.get("alice", "bob")
    exact, overlap = pair.relations.exact, pair.relations.overlap
    assert (exact.overall.tp, exact.overall.n_a, exact.overall.n_b) == (1, 2, 2)
    summary = dialog.summary.text()
    assert f"Relation F1 exact <b>{exact.overall.f1:.2f}</b>" in summary
    assert "TP 1 · FP 1 · FN 1" in summary
    assert f"with overlapping ends <b>{overlap.overall.f1:.2f}</b>" in summary
    groups = {g.label: g for g in dialog.relation_bars.groups()}
    assert set(groups) == {"(all types)", "speaker", "about"}
    assert groups["speaker"].figures[0].value == pytest.approx(exact.per_label["speaker"].f1)
    assert groups["about"].figures[0].value == 0.0
    # alice is the reference: her "about" is the one bob missed.
    assert groups["about"].figures[0].counts == "TP 0 · FP 0 · FN 1"
    assert dialog.tabs.tabText(dialog.relations_tab) == "Relations (4)"
    dialog.close()


def test_document_table_shows_relation_f1_per_document(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Each document's relation F1, exact and with overlapping ends, with its counts;
    n/a with the reason where neither has a relation; sorted like the other figures."""
    store, opened = window.store, window.uid
    store.annotators.ensure("bob")
    others = [uid for uid in store.documents.uids() if uid != opened]
    quote = find(window, "“They are nations")
    ends = {"official": (find(window, "The Russian official"), "actor"),
            "claim": (find(window, "his country cooperates in the technical-military sphere"),
                      "claim"),
            "cuba": (find(window, "Cuba", 1), "actor")}
    for who in ("alice", "bob"):
        # bob's quote lacks its opening mark: its speaker matches only with overlapping ends.
        start = quote[0] + (who == "bob")
        made = {name: store.spans.add(opened, Span(*at, label, who))
                for name, (at, label) in ends.items()}
        made["quote"] = store.spans.add(opened, Span(start, quote[1], "quote", who))
        store.spans.add_relation(made["quote"].id, made["official"].id, "speaker")
        store.spans.add_relation(made["claim"].id, made["cuba"].id, "about")
        store.spans.add(others[0], Span(0, 6, "actor", who))  # spans, no relation
    # In a third document only alice links a quote to its speaker.
    head, child = (store.spans.add(others[1], Span(*at, label, "alice"))
                   for at, label in (((0, 10), "quote"), ((12, 18), "actor")))
    store.spans.add_relation(head.id, child.id, "speaker")
    controller.show_agreement(window)
    dialog = window.agreement_dialog
    qtbot.waitUntil(dialog.is_ready, timeout=20000)
    view, model = dialog.documents_view, dialog.documents_view.model()
    exact_column, overlap_column = COLUMNS.index("rel F1 exact"), COLUMNS.index("rel F1 overlap")

    def shown(column: int, role: int = Qt.ItemDataRole.DisplayRole) -> dict[str, str]:
        return {model.index(r, 0).data(Qt.ItemDataRole.UserRole + 2):
                model.index(r, column).data(role) for r in range(model.rowCount())}

    tip = Qt.ItemDataRole.ToolTipRole
    assert shown(exact_column) == {opened: "0.50", others[0]: "n/a", others[1]: "0.00"}
    assert shown(overlap_column) == {opened: "1.00", others[0]: "n/a", others[1]: "0.00"}
    assert shown(exact_column, tip)[opened] == "TP 1 · FP 1 · FN 1"
    assert shown(overlap_column, tip)[opened] == "TP 2 · FP 0 · FN 0"
    assert shown(exact_column, tip)[others[1]] == "TP 0 · FP 0 · FN 1"  # alice's, bob missed
    for column in (exact_column, overlap_column):
        assert shown(column, tip)[others[0]].startswith(
            "n/a: neither annotator has a relation")
    grey = shown(exact_column, Qt.ItemDataRole.ForegroundRole)
    assert grey[others[0]] is not None and grey[opened] is None  # n/a is greyed
    # The pair's figures (the summary's) are the documents' counts summed.
    pair = dialog.pair()
    exact, overlap = pair.relations.exact.overall, pair.relations.overlap.overall
    assert (exact.tp, exact.fp, exact.fn) == (1, 1, 2)
    assert (overlap.tp, overlap.fp, overlap.fn) == (2, 0, 1)
    # A click on the heading sorts by it, n/a first, as by the other figures.
    header = view.horizontalHeader()
    assert header.sectionSize(exact_column) >= view.fontMetrics().horizontalAdvance(
        COLUMNS[exact_column])
    assert "both ends" in model.headerData(exact_column, Qt.Orientation.Horizontal, tip)
    x = header.sectionViewportPosition(overlap_column) + header.sectionSize(overlap_column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert [model.index(r, 0).data(Qt.ItemDataRole.UserRole + 2)
            for r in range(model.rowCount())] == [others[0], others[1], opened]
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert [model.index(r, overlap_column).data()
            for r in range(model.rowCount())] == ["1.00", "0.00", "n/a"]
    dialog.close()


def test_review_relations_decided_undone_and_exported(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Relation differences shown and decided with A and R as undoable edits; accepting a
    relation accepts its ends in the same step; the reviewed set exports the relations."""
    from annotator.services.exporting import export_jsonl
    from annotator.services.review_relations import RelationCategory

    store, uid = window.store, window.uid
    store.annotators.ensure("bob")
    at = {"quote": (find(window, "“They are nations"), "quote"),
          "official": (find(window, "The Russian official"), "actor"),
          "shoigu": (find(window, "Sergey Shoigu"), "actor"),
          "claim": (find(window, "his country cooperates in the technical-military sphere"),
                    "claim"),
          "cuba": (find(window, "Cuba", 1), "actor")}
    made = {who: {name: store.spans.add(uid, Span(*span, label, who))
                  for name, (span, label) in at.items() if (who, name) != ("bob", "cuba")}
            for who in ("alice", "bob")}
    for who in ("alice", "bob"):
        store.spans.add_relation(made[who]["quote"].id, made[who]["official"].id, "speaker")
    store.spans.add_relation(made["alice"]["claim"].id, made["alice"]["shoigu"].id, "about")
    store.spans.add_relation(made["bob"]["claim"].id, made["bob"]["shoigu"].id, "speaker")
    store.spans.add_relation(made["alice"]["claim"].id, made["alice"]["cuba"].id, "about")
    window._reopen()
    mode = controller.start(window, ["alice", "bob"], "judge")
    assert mode is not None
    rows = mode.relation_model.candidates()
    assert sorted(c.category for c in rows) == sorted([
        RelationCategory.AGREED, RelationCategory.TYPE, RelationCategory.TYPE,
        RelationCategory.ONLY])
    assert len(window.view.source().relations) == 4  # drawn between the candidates
    assert mode.panel.relations_heading.text() == "Relations (4)"
    assert "(4 relations)" in mode.panel.progress.text()

    def judged_links() -> list[tuple[str, str, str, Status]]:
        text = window.text
        return sorted((text[r.head.start:r.head.end][:8], r.label,
                       text[r.child.start:r.child.end], r.status)
                      for r in store.spans.relations(uid) if r.head.annotator == "judge")

    text = window.view.text_widget()
    # Shift+A: the agreed spans and the agreed relation, one step.
    qtbot.keyClick(text, Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)
    assert judged_links() == [("“They ar", "speaker", "The Russian official", Status.ACCEPTED)]
    assert "4 agreed spans and 1 relation" in window.status.currentMessage()
    window.undo_action.trigger()
    assert judged_links() == [] and judged(window) == {}
    assert window.status.currentMessage() == "Undone: Accept 5 agreed."
    window.redo_action.trigger()
    assert len(judged_links()) == 1
    assert window.status.currentMessage() == "Redone: Accept 5 agreed."
    # Alice alone says the claim is about Cuba: reject needs its ends decided; accept
    # takes the undecided ends along, and one undo undecides them too.
    cuba_row = next(i for i, c in enumerate(mode.relation_model.candidates())
                    if c.child[0] == at["cuba"][0][0])
    click_row(qtbot, mode.panel.relation_table, cuba_row)
    assert window.view.selected_relation() is not None
    qtbot.keyClick(text, Qt.Key.Key_R)
    assert "Decide the relation's spans first" in window.status.currentMessage()
    qtbot.keyClick(text, Qt.Key.Key_A)
    assert ("his coun", "about", "Cuba", Status.ACCEPTED) in judged_links()
    cuba_key = (*at["cuba"][0], "actor")
    assert judged(window)[cuba_key] == Status.ACCEPTED
    window.undo_action.trigger()
    assert cuba_key not in judged(window)
    assert len(judged_links()) == 1
    window.redo_action.trigger()
    # Two types for claim -> Sergey Shoigu (both ends accepted as agreed): reject "speaker".
    speaker_row = next(i for i, c in enumerate(mode.relation_model.candidates())
                       if c.type == "speaker" and c.child[0] == at["shoigu"][0][0])
    mode.select_relation(speaker_row)
    qtbot.keyClick(text, Qt.Key.Key_R)
    assert ("his coun", "speaker", "Sergey Shoigu", Status.REJECTED) in judged_links()
    assert mode.relation_model.candidate(speaker_row).decision is Status.REJECTED
    window.queue.wait(5)
    # The reviewed set exports its accepted relations.
    out = tmp_path / "judge.jsonl"
    export_jsonl(store, out, annotators=["judge"])
    [record] = [json.loads(line) for line in out.read_text().splitlines()
                if json.loads(line).get("relations")]
    assert sorted(r["label"] for r in record["relations"]) == ["about", "speaker"]


def test_n_goes_to_the_undecided_relations_once_every_span_is_decided(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    store, uid = window.store, window.uid
    store.annotators.ensure("bob")
    quote = find(window, "“They are nations")
    official = find(window, "The Russian official")
    shoigu = find(window, "Sergey Shoigu")
    made = {who: [store.spans.add(uid, Span(*quote, "quote", who)),
                  store.spans.add(uid, Span(*official, "actor", who)),
                  store.spans.add(uid, Span(*shoigu, "actor", who))]
            for who in ("alice", "bob")}
    # Both agree on the spans; only alice links the quote to speakers, two of them.
    store.spans.add_relation(made["alice"][0].id, made["alice"][1].id, "speaker")
    store.spans.add_relation(made["alice"][0].id, made["alice"][2].id, "speaker")
    window._reopen()
    mode = controller.start(window, ["alice", "bob"], "judge")
    assert mode is not None
    text = window.view.text_widget()
    qtbot.keyClick(text, Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)  # the spans
    assert all(c.decided for c in mode.model.candidates())
    assert not any(c.decided for c in mode.relation_model.candidates())

    qtbot.keyClick(text, Qt.Key.Key_N)
    first = window.view.selected_relation()
    assert first is not None and mode.panel.current_relation_row() >= 0
    qtbot.keyClick(text, Qt.Key.Key_A)  # accepted: the next relation is chosen
    second = window.view.selected_relation()
    assert second is not None and second.child != first.child
    qtbot.keyClick(text, Qt.Key.Key_R)
    assert all(c.decided for c in mode.relation_model.candidates())
    qtbot.keyClick(text, Qt.Key.Key_N)
    assert "Every span and relation of this document is decided" in \
        window.status.currentMessage()
    window.undo_action.trigger()  # the rejection: N finds that relation again
    qtbot.keyClick(text, Qt.Key.Key_N)
    assert window.view.selected_relation() is not None
    assert window.view.selected_relation().child == second.child
