"""Label colours made legible on the current palette, light or dark."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

from annotator.core.model import Label

_FALLBACK = "#888888"


def _mix(base: QColor, colour: QColor, amount: float) -> QColor:
    """``amount`` of ``colour`` over ``base``, as an opaque colour."""
    keep = 1.0 - amount
    return QColor.fromRgbF(base.redF() * keep + colour.redF() * amount,
                           base.greenF() * keep + colour.greenF() * amount,
                           base.blueF() * keep + colour.blueF() * amount)


class LabelColours:
    """Tints (behind text) and bar colours (under text) for each label.

    Tints are opaque mixes with the palette's base colour, so text keeps the
    palette's own contrast; bars are the label colour pushed away from the base
    lightness so a dark blue still shows on a dark background.
    """

    def __init__(self, labels: list[Label], palette: QPalette) -> None:
        self._colours = {label.name: QColor(label.color) for label in labels}
        self.base = palette.color(QPalette.ColorRole.Base)
        self.text = palette.color(QPalette.ColorRole.Text)
        self.dark = self.base.lightnessF() < 0.5
        # Painted many times per screen: worked out once, shared, never changed.
        self._tints: dict[tuple[str, bool], QColor] = {}
        self._bars: dict[str, QColor] = {}

    def colour(self, label: str) -> QColor:
        colour = self._colours.get(label)
        return QColor(colour) if colour is not None and colour.isValid() else QColor(_FALLBACK)

    def tint(self, label: str, strong: bool = False) -> QColor:
        found = self._tints.get((label, strong))
        if found is None:
            amount = (0.55 if strong else 0.30) if self.dark else (0.40 if strong else 0.20)
            found = self._tints[(label, strong)] = _mix(self.base, self.colour(label), amount)
        return found

    def over_base(self, colour: QColor, amount: float) -> QColor:
        """``colour`` at ``amount`` opacity over the base, as an opaque colour: the
        raster engine fills opaque pixels many times faster than it blends them."""
        return _mix(self.base, colour, amount)

    def bar(self, label: str) -> QColor:
        found = self._bars.get(label)
        if found is None:
            found = self._bars[label] = self._bar(label)
        return found

    def _bar(self, label: str) -> QColor:
        colour = self.colour(label).toHsl()
        lightness = colour.lightnessF()
        if self.dark and lightness < 0.6:
            lightness = 0.65
        elif not self.dark and lightness > 0.5:
            lightness = 0.42
        return QColor.fromHslF(max(colour.hslHueF(), 0.0), colour.hslSaturationF(), lightness)
