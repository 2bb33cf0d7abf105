"""Inter-annotator agreement over spans. Standard library only.

Definitions, in brief (each module's docstring has the detail):

* **Units** (:mod:`.documents`): the tokens passed in, else a regex
  tokenization of the text, else code points. A span covers a unit when they
  share a code point.
* **Span F1** (:mod:`.spans`): A's spans against B's per label and micro
  overall; exact match, or partial credit = Jaccard overlap of greedily
  paired same-label spans (exact pairs first, so exact >= partial never fails).
* **Cohen's kappa** and **Krippendorff's alpha** (nominal) over units
  (:mod:`.chance`): overall, each unit's category is the label of the
  innermost covering span or ``"O"``; per label, binary present/absent.
  Undefined figures (no data, expected agreement 1) are None with a reason.
* **Label confusion** (:mod:`.confusion`): spans matched by extent, counted
  per (label of A, label of B), ``None`` where the other had nothing there.
* **Corpus** (:mod:`.report`): counts pooled over the documents someone in the
  comparison touched; untouched documents are excluded and listed.
"""

from annotator.core.agreement.chance import Alpha, Kappa, cohen_kappa, krippendorff_nominal
from annotator.core.agreement.confusion import Confusion, label_confusion, pooled_confusion
from annotator.core.agreement.documents import (
    OUTSIDE,
    DocumentAnnotations,
    Inclusion,
    Tokens,
    regex_tokens,
)
from annotator.core.agreement.report import (
    AlphaReport,
    DocumentPair,
    PairAgreement,
    PairwiseMatrix,
    TokenKappa,
    all_annotators,
    compare_document,
    compare_pair,
    krippendorff_alpha,
    pairwise,
)
from annotator.core.agreement.spans import Match, SpanF1, SpanScore, span_f1
from annotator.core.model import SpanBounds

__all__ = [
    "OUTSIDE",
    "Alpha",
    "AlphaReport",
    "Confusion",
    "DocumentAnnotations",
    "DocumentPair",
    "Inclusion",
    "Kappa",
    "Match",
    "PairAgreement",
    "PairwiseMatrix",
    "SpanBounds",
    "SpanF1",
    "SpanScore",
    "TokenKappa",
    "Tokens",
    "all_annotators",
    "cohen_kappa",
    "compare_document",
    "compare_pair",
    "krippendorff_alpha",
    "krippendorff_nominal",
    "label_confusion",
    "pairwise",
    "pooled_confusion",
    "regex_tokens",
    "span_f1",
]
