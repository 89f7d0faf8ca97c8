"""Text in server-drawn SVG charts: a label in lines that fit a width, as every app's charts draw
it (planning's financial model, trainings' statistics). SVG has no text wrapping of its own."""

ELLIPSIS = "…"


def wrap(text: str, width: float, size: float, *, char_width: float, max_lines: int) -> list[str]:
    """The text in lines that fit `width` at font `size` (a glyph's average advance is
    `char_width` × size), at word boundaries; only a word longer than a line is cut. At most
    `max_lines`, the last one ending with an ellipsis when text was left out."""
    per_line = max(4, int(width / (size * char_width)))
    lines: list[str] = []
    current = ""
    for word in text.split():
        while len(word) > per_line:
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:per_line])
            word = word[per_line:]
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= per_line:
            current += " " + word
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        if len(last) + 1 > per_line:
            # Room for the ellipsis: leave out the last word if there is more than one.
            last = last.rsplit(" ", 1)[0] if " " in last else last[: per_line - 1]
        lines[-1] = last.rstrip() + ELLIPSIS
    return lines or [""]
