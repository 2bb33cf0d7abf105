"""Inter-annotator agreement over spans, counted over a whole corpus at once (numpy).

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
* **Relation F1** (:mod:`.relations`): A's relations against B's per type and
  micro overall; exact (both ends the same spans, the same type), or overlap
  (both ends overlapping with the same labels, the same type; a maximum matching).
* **Label confusion** (:mod:`.confusion`): spans matched by extent, counted
  per (label of A, label of B), ``None`` where the other had nothing there.
* **Corpus** (:mod:`.report`): counts pooled over the documents someone in the
  comparison touched; untouched documents are excluded and listed. The counting
  is columnar (:mod:`.corpus`, :mod:`.coding`, :mod:`.pairs`): no Python object
  per span or token, so a corpus of 10,000 documents takes well under a second.
"""

from annotator.core.agreement.chance import Alpha, Kappa, cohen_kappa, krippendorff_nominal
from annotator.core.agreement.confusion import Confusion, label_confusion, pooled_confusion
from annotator.core.agreement.corpus import Corpus, SpanColumns
from annotator.core.agreement.documents import (
    OUTSIDE,
    DocumentAnnotations,
    Inclusion,
    Tokens,
    regex_tokens,
)
from annotator.core.agreement.relations import RelationColumns, RelationScore
from annotator.core.agreement.report import (
    AlphaReport,
    Comparison,
    DocumentPair,
    PairAgreement,
    PairwiseMatrix,
    RelationF1,
    TokenKappa,
    all_annotators,
    compare_document,
    compare_pair,
    krippendorff_alpha,
    matrix_of,
    pairwise,
    relation_f1,
    span_f1,
)
from annotator.core.agreement.spans import Match, SpanF1, SpanScore
from annotator.core.model import SpanBounds

__all__ = [
    "OUTSIDE",
    "Alpha",
    "AlphaReport",
    "Comparison",
    "Confusion",
    "Corpus",
    "DocumentAnnotations",
    "DocumentPair",
    "Inclusion",
    "Kappa",
    "Match",
    "PairAgreement",
    "PairwiseMatrix",
    "RelationColumns",
    "RelationF1",
    "RelationScore",
    "SpanBounds",
    "SpanColumns",
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
    "matrix_of",
    "pairwise",
    "pooled_confusion",
    "regex_tokens",
    "relation_f1",
    "span_f1",
]
