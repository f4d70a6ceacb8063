"""Layout on matplotlib for the tekort figures: the figure and axes to
draw on (a constrained layout for figures without a layout engine), the
source caption, integer year ticks, and titles and year ticks fitted to the
room each axes gets when several share a figure. Some of this reads
matplotlib internals that have changed between versions (the root figure,
the layout engine's grid); it is kept here, apart from the figures."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Optional, Tuple, cast

from ._palette import OKABE_ITO

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

SOURCE = "Bron: DUO / CBS / OCW; model tekort"
"""The caption every figure carries."""


def pyplot() -> Any:
    """matplotlib.pyplot, imported on first use."""
    try:
        import matplotlib.pyplot as plt
    except ImportError as e:
        raise ImportError("tekort.plot needs matplotlib: pip install matplotlib") from e
    return plt


def _root(ax: "Axes") -> Any:
    """The top-level Figure of ``ax`` (not a SubFigure)."""
    try:
        return ax.get_figure(root=True)  # type: ignore[call-arg]
    except TypeError:  # matplotlib < 3.10
        fig = ax.figure
        return getattr(fig, "figure", fig) or fig


def figure_axes(ax: Optional["Axes"], figsize: Tuple[float, float]) -> Tuple["Figure", "Axes"]:
    """The given axes and their figure, or a new figure with one axes.

    A figure without a layout engine (``plt.subplots(1, 3)``) gets
    matplotlib's constrained layout, so that the labels of neighbouring
    axes do not run into each other; a figure with its own engine keeps it.
    Series on an axes without data take the Okabe–Ito colours of the
    report, in its order; an axes that already holds data keeps its cycle.

    A new figure is closed in pyplot at once (see :func:`new_figure`)."""
    if ax is None:
        fig, axes = new_figure(figsize, 1)
        return fig, axes[0]
    pyplot()  # the clear ImportError when matplotlib is missing
    root = _root(ax)
    if hasattr(root, "get_layout_engine") and root.get_layout_engine() is None:
        root.set_layout_engine("constrained")
    if not ax.has_data():
        ax.set_prop_cycle(color=list(OKABE_ITO))
    return cast("Figure", ax.figure), ax  # the Figure (or SubFigure) that holds ax


def new_figure(figsize: Tuple[float, float], ncols: int) -> Tuple["Figure", List["Axes"]]:
    """A new figure with ``ncols`` axes side by side under a constrained
    layout, each with the Okabe–Ito colour cycle.

    The figure is made by pyplot (so it has the canvas of the current
    backend, which measures text) and closed there at once: pyplot does not
    show it again at the end of a notebook cell, so a figure returned as a
    cell's last expression is shown once (matplotlib's idiom for functions
    that return a figure). ``fig.savefig`` works as before; to show a
    figure in a window from a script, draw on axes of your own
    (``fig, ax = plt.subplots()``, ``ax=ax``) and call ``plt.show()``."""
    plt = pyplot()
    fig, axes = plt.subplots(1, ncols, figsize=figsize, layout="constrained", squeeze=False)
    plt.close(fig)
    out = list(axes[0])
    for ax in out:
        ax.set_prop_cycle(color=list(OKABE_ITO))
    return fig, out


_MIN_TITLE_POINTS = 7.0


def _room(ax: "Axes", renderer: Any) -> float:
    """The width in pixels the title (and the year ticks) of ``ax`` can
    take once the layout engine has placed the axes. Under a constrained
    layout the axes of one grid get equal widths: the figure's width less
    the y axis labels of every column, shared out; outside a grid (or
    without constrained layout) the axes' own width."""
    spec = ax.get_subplotspec()
    engine = _root(ax).get_layout_engine()
    if spec is None or type(engine).__name__ != "ConstrainedLayoutEngine":
        return float(ax.bbox.width)
    grid = spec.get_gridspec()
    ratios = list(grid.get_width_ratios() or [1] * grid.ncols)
    # the widest y axis (tick labels and label) of each column of the grid
    deco = [0.0] * grid.ncols
    for other in ax.figure.axes:
        other_spec = other.get_subplotspec() if hasattr(other, "get_subplotspec") else None
        if other_spec is None or other_spec.get_gridspec() is not grid or not other.get_visible():
            continue
        box = other.yaxis.get_tightbbox(renderer)
        width = box.width if box is not None else 0.0
        first = min(other_spec.colspan)
        deco[first] = max(deco[first], width)
    pads = 14.0 * grid.ncols  # the constrained layout's pads around every axes
    free = ax.figure.bbox.width - sum(deco) - pads
    share = sum(ratios[c] for c in spec.colspan) / sum(ratios)
    return max(0.95 * free * share, 10.0)


def _wrapped_title(ax: "Axes", renderer: Any, room: float) -> None:
    """Breaks the title over lines at its separators (" — ", " · ") and,
    when a line is still too wide, makes the font smaller, so that the
    title fits over its axes and does not reach into a neighbour's."""
    title = ax.title
    text = title.get_text()
    if not text or title.get_window_extent(renderer).width <= room:
        return
    head, sep, rest = text.partition(" — ")
    tokens: List[Tuple[str, str]] = [("", head)]
    if sep:
        parts = rest.split(" · ")
        tokens += [(" — ", parts[0])] + [(" · ", x) for x in parts[1:]]

    def fits(line: str) -> bool:
        title.set_text(line)
        return bool(title.get_window_extent(renderer).width <= room)

    lines = [tokens[0][1]]
    for joiner, token in tokens[1:]:
        candidate = lines[-1] + joiner + token
        if fits(candidate):
            lines[-1] = candidate
        else:
            lines[-1] += joiner.rstrip() if joiner == " — " else ""
            lines.append(token)
    title.set_text("\n".join(lines))
    size = float(title.get_fontsize())
    while title.get_window_extent(renderer).width > room and size > _MIN_TITLE_POINTS:
        size = max(size - 0.5, _MIN_TITLE_POINTS)
        title.set_fontsize(size)


def _fit(ax: "Axes") -> None:
    """Fits the titles and the number of year ticks of the tekort figures
    in the figure of ``ax`` to the room each will have (several axes side
    by side in a figure of your own), again for every figure drawn, since
    each new one takes room from the others."""
    from matplotlib.ticker import MaxNLocator

    try:
        renderer = _root(ax).canvas.get_renderer()
    except AttributeError:  # a canvas that cannot measure text: leave as is
        return
    if not hasattr(ax, "_tekort_title"):
        ax._tekort_title = (ax.title.get_text(), ax.title.get_fontsize())  # type: ignore[attr-defined]
    for each in ax.figure.axes:
        original = getattr(each, "_tekort_title", None)
        if original is None:
            continue
        room = _room(each, renderer)
        each.title.set_text(original[0])
        each.title.set_fontsize(original[1])
        _wrapped_title(each, renderer, room)
        locator = each.xaxis.get_major_locator()
        if isinstance(locator, MaxNLocator) and getattr(locator, "_tekort_years", False):
            # a year is about four digits wide; leave as much again between years
            digit = 0.6 * renderer.points_to_pixels(_tick_points(each))
            locator.set_params(nbins=int(max(2, min(10, room // (digit * 8)))))


def _tick_points(ax: "Axes") -> float:
    """The font size of the x tick labels of ``ax``, in points."""
    labels = ax.xaxis.get_ticklabels()
    if labels:
        return float(labels[0].get_fontsize())
    import matplotlib

    from matplotlib.font_manager import FontProperties

    return float(FontProperties(size=matplotlib.rcParams["xtick.labelsize"]).get_size_in_points())


def finish(fig: "Figure", ax: "Axes", zero_line: bool = False) -> "Figure":
    """Adds the source caption once per figure and, for line charts, a zero
    line when the values cross 0."""
    if zero_line:
        low, high = ax.get_ylim()
        if low < 0 < high:
            ax.axhline(0, color="0.55", linewidth=0.8, zorder=1)
    _fit(ax)
    if not any(t.get_text() == SOURCE for t in fig.texts):
        style: Dict[str, Any] = {"ha": "right", "fontsize": "x-small", "color": "0.4"}
        if getattr(fig, "_supxlabel", None) is None and hasattr(fig, "supxlabel"):
            # a figure-level label gets its own space under a constrained layout
            fig.supxlabel(SOURCE, x=0.995, **style)
        else:
            fig.text(0.995, 0.005, SOURCE, va="bottom", **style)
    return fig


def integer_years(ax: "Axes") -> None:
    from matplotlib.ticker import MaxNLocator

    locator = MaxNLocator(integer=True)
    setattr(locator, "_tekort_years", True)  # _fit thins these ticks in a narrow axes
    ax.xaxis.set_major_locator(locator)
