"""The markup of every figure, place, rating and count on the benchmarking pages.

Every one is marked up one way, so that a reader's tools (and tests/test_figures_across_pages.py) find
each and know what it is. Data attributes only, no value repeated: a municipality's page has hundreds
of figures, and readers pay per byte.

- a figure: ``<span data-f="v">38.6% in 2011</span>``, data-f its measure (analysis/figures.py Measure:
  v value, pm peer median, nm national median, nt national total, gt peer-group total, cp comparison
  point, gap, ahead, before, after, chg, edge); data-g its peer group;
- a place: data-f rank (in the peer group), nrank (nationally) or q (quarter of the peer group);
- a rating: ``<span class="lk-rating" data-r="meets">✓ meets the target</span>``;
- its year: at the end of its text ("38.6% in 2011"), else data-y on the element around it (a card, a
  row, a table: a gap, a quarter and a rating are of the year of the value beside them);
- a count: ``<span data-f="meets|better" data-of="4">0 of 4 meet the target</span>``;
- whose it is: data-i (indicator), data-m (municipality), data-vs (whom a peer is ahead of), data-a
  (service area), data-c (case study), data-g (peer group), on it or on the nearest element around it;
- a table of figures: data-f on a column's <th> or on a cell, data-y on the table, row or column, data-m
  or data-g on each row;
- provenance: data-p="official|illustrative" on a label, and a page's notice carries data-n (how many
  of the indicators it shows figures of are illustrative) and data-of (how many it shows).

Written here rather than as template macros (``partials/benchmark-macros.html`` hands these functions
to the templates under the macros' names): a municipality's page has about 600 of them, and a Jinja
macro call costs ten times a function's, a fifth of the page's rendering. Every text goes through
``escape``, as autoescaping would.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from generator.analysis.figures import Figure
from generator.model.entities import Indicator
from generator.site.wording import Counted, Ranked, Rated, Words, cell_text, figure_shown


def figure(f: Figure, whose: bool = False, dated: bool = True, tag: str = "span") -> Markup:
    """``whose``: say the figure's municipality too, where the element around it does not (a chart's
    caption). ``dated=False``: the element around it says the year (data-y, and in words), so the figure
    does not."""
    group = f' data-g="{escape(f.peer_group)}"' if f.peer_group else ""
    municipality = f' data-m="{escape(f.municipality)}"' if whose and f.municipality else ""
    text = figure_shown(f) if dated else cell_text(f)
    return Markup(f'<{tag} data-f="{escape(f.measure.value)}"{group}{municipality}>{escape(text)}</{tag}>')


def place(p: Ranked) -> Markup:
    return Markup(f'<span data-f="{escape(p.kind)}">{escape(p.text)}</span>')


def rating(r: Rated | None) -> Markup:
    """Ratings carry a symbol and words, never colour alone."""
    if r is None:
        return Markup('<span class="lk-rating">no target or national figure</span>')
    return Markup(f'<span class="lk-rating" data-r="{escape(r.rating.value)}">{escape(r.text)}</span>')


def count(c: Counted) -> Markup:
    indicator = f' data-i="{escape(c.indicator)}"' if c.indicator else ""
    year = f' data-y="{escape(c.year)}"' if c.year else ""
    return Markup(f'<span data-f="{escape(c.kind)}" data-of="{escape(c.of)}"{indicator}{year}>{escape(c.text)}</span>')


def words(parts: Words, whose: bool = False) -> Markup:
    """A sentence of wording.py: its text, and each figure, place, rating and count in it marked up."""
    return Markup("").join(escape(part) if isinstance(part, str) else figure(part, whose)
                           if isinstance(part, Figure) else place(part) if isinstance(part, Ranked)
                           else rating(part) if isinstance(part, Rated) else count(part) for part in parts)


def provenance(i: Indicator, source: bool = True) -> Markup:
    """Where an indicator's figures come from, beside its name: official with its source, or illustrative."""
    if i.illustrative:
        return Markup(' <strong class="lk-illustrative-label" data-p="illustrative">illustrative</strong>')
    return Markup(f' <span class="lk-official-label" data-p="official">official{": " if source else ""}'
                  f'{escape(i.source) if source else ""}</span>')


#: What partials/benchmark-macros.html gives the templates under these names.
FIGURE_MARKUP = {"figure": figure, "place": place, "rating": rating, "count": count, "words": words,
                 "provenance": provenance}
