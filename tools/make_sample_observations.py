#!/usr/bin/env python3
"""Generate the illustrative indicator values in content/benchmarks/<area>.csv.

The values are SAMPLE data, not official statistics: only indicators marked
`illustrative: true` get values here. Official figures live in
content/benchmarks/official/ and are added with `lekgotla import`; this tool never
touches them. The generator is deterministic: the same content gives the same CSV
files, byte for byte, on every run.

What it does:

* reads the service areas and their indicators from content/benchmarks/<area>.yaml;
* reads every case study in content/case-studies/*.md (front matter only) and
  collects its municipalities and its `outcomes`;
* picks about 60 municipalities: every municipality named in a case study, all
  8 metros, at least one of every MIIF category and province, and the rest chosen
  deterministically from content/benchmarks/municipalities.csv;
* for every municipality, indicator and year 2016-2024 draws a value: a starting
  level that depends on the MIIF category, a gentle trend and a little noise;
* pins the case-study outcomes: the baseline and result values, and the values of
  a results table in the text (years as columns, an indicator id starting each row),
  appear exactly as written in the case study, and the years in between move
  smoothly between them (so that `lekgotla check`'s agreement rule holds);
* gives water indicators values only for water services authorities: metros, C2
  districts and local municipalities in C1 districts, or as the registry's
  `water_services_authority` column (yes/no) says (the rule of generator/model/services.py);
* leaves about 5% of the other cells out, as missing data;
* re-reads what it wrote and checks it.

Run it again whenever case studies or indicators change:

    python3 tools/make_sample_observations.py            # from the repository root
    python3 tools/make_sample_observations.py --root /path/to/repo
"""

import argparse
import csv
import random
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from generator.reading.reported import reported_in_tables  # noqa: E402  (the same rule as lekgotla check)

SEED = "lekgotla-sample-observations-v1"
AREAS = ["water", "housing", "public-participation", "hiv-aids", "led"]
YEARS = list(range(2016, 2025))
TARGET_TOTAL = 60
MISSING_RATE = 0.05
ESTIMATE_NOTE_RATE = 0.02
ESTIMATE_NOTE = "Estimated from the annual report"
CATEGORIES = ["A", "B1", "B2", "B3", "B4", "C1", "C2"]
# How many municipalities of each MIIF category to aim for (8 metros exist).
CATEGORY_QUOTA = {"A": 8, "B1": 8, "B2": 8, "B3": 14, "B4": 12, "C1": 5, "C2": 5}

# Indicator models.
#   level:    mean value in 2016 by MIIF category (metros better resourced,
#             B4 rural locals and C2 districts weaker)
#   spread:   standard deviation of a municipality's own starting level
#   trend:    typical change per year (units of the indicator) for a series that moves
#   lo, hi:   sensible bounds
#   decimals: rounding of generated values
MODELS = {
    # water
    "WS2.1": dict(level=dict(A=93, B1=90, B2=86, B3=82, B4=62, C1=80, C2=65),
                  spread=5, trend=0.6, lo=20, hi=100, decimals=1),
    "WS4.1": dict(level=dict(A=97, B1=94, B2=90, B3=87, B4=78, C1=88, C2=76),
                  spread=4, trend=0.8, lo=40, hi=100, decimals=1),
    "WS5.1": dict(level=dict(A=36, B1=33, B2=35, B3=38, B4=45, C1=38, C2=47),
                  spread=6, trend=0.8, lo=5, hi=80, decimals=1),
    "WS5.2": dict(level=dict(A=480, B1=390, B2=330, B3=300, B4=280, C1=300, C2=340),
                  spread=70, trend=10, lo=60, hi=1200, decimals=1),
    "WS5.31": dict(level=dict(A=90, B1=88, B2=82, B3=78, B4=50, C1=75, C2=52),
                   spread=7, trend=1.2, lo=10, hi=100, decimals=1),
    # housing
    "HS1.1": dict(level=dict(A=80, B1=82, B2=80, B3=78, B4=55, C1=75, C2=58),
                  spread=6, trend=0.4, lo=20, hi=100, decimals=1),
    "HS1.21": dict(level=dict(A=200, B1=230, B2=260, B3=290, B4=380, C1=300, C2=380),
                   spread=50, trend=8, lo=20, hi=900, decimals=1),
    "HS1.3": dict(level=dict(A=30, B1=24, B2=20, B3=16, B4=8, C1=15, C2=8),
                  spread=6, trend=1.5, lo=0, hi=100, decimals=1),
    "HS2.22": dict(level=dict(A=45, B1=40, B2=45, B3=50, B4=65, C1=50, C2=65),
                   spread=10, trend=1.5, lo=5, hi=200, decimals=1),
    # public participation
    "GG2.1": dict(level=dict(A=70, B1=65, B2=60, B3=58, B4=48, C1=58, C2=48),
                  spread=10, trend=1.5, lo=0, hi=100, decimals=1),
    "GG2.11": dict(level=dict(A=85, B1=80, B2=76, B3=74, B4=62, C1=74, C2=62),
                   spread=8, trend=1.2, lo=0, hi=100, decimals=1),
    "GG2.12": dict(level=dict(A=3.0, B1=2.8, B2=2.5, B3=2.3, B4=1.8, C1=2.2, C2=1.8),
                   spread=0.5, trend=0.1, lo=0, hi=12, decimals=1),
    "PP1.1": dict(level=dict(A=80, B1=78, B2=75, B3=72, B4=62, C1=72, C2=62),
                  spread=9, trend=1.2, lo=0, hi=100, decimals=1),
    # HIV/AIDS
    "HA1.1": dict(level=dict(A=55, B1=48, B2=45, B3=40, B4=30, C1=45, C2=35),
                  spread=12, trend=2, lo=0, hi=100, decimals=1),
    "HA1.2": dict(level=dict(A=60, B1=50, B2=45, B3=40, B4=28, C1=45, C2=30),
                  spread=10, trend=1.5, lo=5, hi=100, decimals=1),
    # a council meets a whole number of times a year
    "HA1.3": dict(level=dict(A=3.5, B1=3.0, B2=2.8, B3=2.5, B4=1.8, C1=3.0, C2=2.5),
                  spread=0.8, trend=0.15, lo=0, hi=12, decimals=0),
    # typical values 0.05 to 0.8: one decimal would be too coarse
    "HA1.4": dict(level=dict(A=0.35, B1=0.30, B2=0.25, B3=0.20, B4=0.12, C1=0.30, C2=0.20),
                  spread=0.08, trend=0.012, lo=0.03, hi=1.5, decimals=2),
    # local economic development
    "LED1.1": dict(level=dict(A=8, B1=9, B2=10, B3=11, B4=14, C1=9, C2=12),
                   spread=3, trend=0.4, lo=0.5, hi=40, decimals=1),
    "LED1.2": dict(level=dict(A=85, B1=80, B2=75, B3=70, B4=55, C1=75, C2=58),
                   spread=8, trend=1.5, lo=5, hi=100, decimals=1),
    "LED1.3": dict(level=dict(A=30, B1=35, B2=40, B3=45, B4=60, C1=45, C2=60),
                   spread=10, trend=1.5, lo=5, hi=180, decimals=1),
    "LED1.4": dict(level=dict(A=18, B1=17, B2=15, B3=14, B4=10, C1=14, C2=10),
                   spread=5, trend=0.8, lo=1, hi=100, decimals=1),
}
NOISE_FRACTION = 0.12  # noise standard deviation, as a fraction of `spread`


def warn(msg):
    print(f"warning: {msg}", file=sys.stderr)


def rng_for(*parts):
    """A random generator seeded from a string, stable across runs and machines."""
    return random.Random("|".join([SEED, *map(str, parts)]))


def generic_model(ind):
    """A fallback for an indicator added to a YAML file but not to MODELS."""
    bench = (ind.get("benchmark") or {}).get("value")
    pct = ind.get("unit") == "%"
    if bench is None:
        bench = 50 if pct else 10
    bench = float(bench)
    factor = 0.7 if ind["better"] == "higher" else 1.4
    base = bench * factor
    levels = {"A": 1.0, "B1": 0.95, "B2": 0.9, "B3": 0.85, "B4": 0.7, "C1": 0.85, "C2": 0.7}
    if ind["better"] == "lower":
        levels = {k: 2 - v for k, v in levels.items()}
    scale = max(abs(base), 1.0)
    return dict(level={k: base * v for k, v in levels.items()},
                spread=0.1 * scale, trend=0.02 * scale,
                lo=0, hi=100 if pct else max(bench * 10, 10), decimals=1)


# --------------------------------------------------------------------------- input

def read_front_matter(path):
    text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise ValueError("no front matter")
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            data = yaml.safe_load("\n".join(lines[1:i]))
            if not isinstance(data, dict):
                raise ValueError("front matter is not a mapping")
            return data
    raise ValueError("front matter is not closed")


def load_areas(bench_dir):
    areas = {}
    for area in AREAS:
        path = bench_dir / f"{area}.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        default = data.get("illustrative", False) is True
        indicators = [i for i in data.get("indicators") or [] if i.get("illustrative", default) is True]
        areas[area] = indicators
    return areas


def load_registry(bench_dir):
    with open(bench_dir / "municipalities.csv", newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def is_water_services_authority(m, by_code):
    """Metros, C2 districts and local municipalities in C1 districts, unless the registry says otherwise."""
    override = (m.get("water_services_authority") or "").strip().lower()
    if override in ("yes", "no"):
        return override == "yes"
    if m["category"] == "A":
        return True
    if m["category"] == "C":
        return m["miif_category"] == "C2"
    district = by_code.get(m.get("district", ""))
    return district is None or district["miif_category"] != "C2"


def read_body(path):
    """The text after the front matter, and the line it starts on."""
    lines = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n").split("\n")
    end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    return "\n".join(lines[end + 1:]), end + 2


def load_case_studies(cs_dir, codes, indicator_ids):
    """Return (municipalities named in case studies, pins).

    pins: {(code, indicator): {year: (value, note)}}
    """
    named = []
    pins = {}
    for path in sorted(cs_dir.glob("*.md")):
        slug = path.stem
        try:
            fm = read_front_matter(path)
        except (ValueError, yaml.YAMLError) as e:
            warn(f"{path.name}: skipped, cannot read front matter ({str(e).splitlines()[0]})")
            continue
        munis = fm.get("municipality")
        if isinstance(munis, str):
            munis = [munis]
        if not isinstance(munis, list):
            warn(f"{path.name}: no municipality")
            continue
        good = []
        for code in munis:
            code = str(code).strip()
            if code in codes:
                good.append(code)
                if code not in named:
                    named.append(code)
            else:
                warn(f"{path.name}: municipality {code!r} is not in municipalities.csv")
        outcomes = []
        for out in fm.get("outcomes") or []:
            try:
                ind = str(out["indicator"]).strip()
                outcomes.append((ind, [("Baseline", int(out["baseline"]["year"]), out["baseline"]["value"]),
                                       ("Result", int(out["result"]["year"]), out["result"]["value"])]))
            except (KeyError, TypeError, ValueError):
                warn(f"{path.name}: an outcome is incomplete, ignored")
        if len(good) == 1:  # a joint practice's table is for the group, not one municipality
            body, first = read_body(path)
            for figure in reported_in_tables(body, first, indicator_ids):
                number = float(figure.value)
                outcomes.append((figure.indicator, [("Figure", figure.year, int(number) if number.is_integer()
                                                     and "." not in figure.value else number)]))
        for ind, points in outcomes:
            if ind not in indicator_ids:
                warn(f"{path.name}: outcome indicator {ind!r} is not defined in a service area")
                continue
            for label, year, value in points:
                if year not in YEARS:
                    warn(f"{path.name}: {ind} {label.lower()} year {year} is outside "
                         f"{YEARS[0]}-{YEARS[-1]}, not pinned")
                    continue
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    warn(f"{path.name}: {ind} {label.lower()} value {value!r} is not a number")
                    continue
                note = f"{label} reported in case study {slug}"
                for code in good:
                    cell = pins.setdefault((code, ind), {})
                    if year in cell:
                        old_value, old_note = cell[year]
                        if float(old_value) != float(value):
                            warn(f"{path.name}: {code} {ind} {year} = {value} conflicts with "
                                 f"{old_value} ({old_note}); keeping the first")
                        else:
                            cell[year] = (old_value, f"{old_note}; {note}")
                    else:
                        cell[year] = (value, note)
    return named, pins


# ---------------------------------------------------------------- municipality choice

def choose_municipalities(registry, named):
    by_code = {m["code"]: m for m in registry}
    rank = {m["code"]: rng_for("rank", m["code"]).random() for m in registry}
    ranked = sorted(registry, key=lambda m: (rank[m["code"]], m["code"]))

    chosen = list(named)
    for m in registry:  # all metros
        if m["miif_category"] == "A" and m["code"] not in chosen:
            chosen.append(m["code"])

    def count(cat):
        return sum(1 for c in chosen if by_code[c]["miif_category"] == cat)

    # every province
    for prov in sorted({m["province"] for m in registry}):
        if any(by_code[c]["province"] == prov for c in chosen):
            continue
        cands = [m for m in ranked if m["province"] == prov]
        best = max(cands, key=lambda m: CATEGORY_QUOTA.get(m["miif_category"], 0)
                   - count(m["miif_category"]))
        chosen.append(best["code"])
    # every MIIF category, up to its quota
    for cat in CATEGORIES:
        for m in ranked:
            if count(cat) >= CATEGORY_QUOTA[cat]:
                break
            if m["miif_category"] == cat and m["code"] not in chosen:
                chosen.append(m["code"])
    # top up to the target
    for m in ranked:
        if len(chosen) >= TARGET_TOTAL:
            break
        if m["code"] not in chosen:
            chosen.append(m["code"])
    order = {m["code"]: i for i, m in enumerate(registry)}
    return sorted(chosen, key=order.get)


# ------------------------------------------------------------------------ values

def fmt(value, decimals):
    return f"{value:.{decimals}f}"


def fmt_exact(value, decimals):
    """Format a pinned case-study value without losing any of its digits."""
    v = float(value)
    if v.is_integer():
        return fmt(v, decimals)
    text = repr(v)
    if "e" in text or "E" in text:
        return text
    return fmt(v, max(decimals, len(text.split(".")[1])))


def smoothstep(t):
    return t * t * (3 - 2 * t)


def series(code, cat, ind_id, model, better, pin_points):
    """Values for one municipality and indicator: {year: (text, note)}."""
    r = rng_for("series", code, ind_id)
    sign = 1 if better == "higher" else -1     # direction of improvement
    level = model["level"].get(cat, sum(model["level"].values()) / len(model["level"]))
    start = level + r.gauss(0, model["spread"])
    kind = r.random()
    if kind < 0.45:
        slope = r.uniform(0.3, 1.2) * model["trend"]      # improving
    elif kind < 0.75:
        slope = r.uniform(-0.15, 0.15) * model["trend"]   # flat
    else:
        slope = -r.uniform(0.2, 0.8) * model["trend"]     # worsening
    pre_slope = r.uniform(-0.5, 0.2) * model["trend"]
    post_slope = r.uniform(-0.2, 0.5) * model["trend"]
    ease = r.uniform(0.0, 0.6)
    noise = [r.gauss(0, NOISE_FRACTION * model["spread"]) for _ in YEARS]
    extra = [r.random() for _ in YEARS]
    missing = [rng_for("missing", code, ind_id, y).random() < MISSING_RATE for y in YEARS]

    lo, hi = model["lo"], model["hi"]
    if pin_points:
        pinned_values = [float(v) for v, _ in pin_points.values()]
        lo, hi = min(lo, min(pinned_values)), max(hi, max(pinned_values))
    span = hi - lo
    good_end = hi if sign > 0 else lo
    margin = 0.01 * span
    start = min(max(start, lo + margin), hi - margin)

    def clamp(v):
        return min(max(v, lo), hi)

    def headroom(v):
        # improvement slows down close to the best possible value
        return max(0.0, min(1.0, abs(good_end - v) / (0.25 * span)))

    values = {}
    if not pin_points:
        v = start
        for i, year in enumerate(YEARS):
            values[year] = clamp(v + noise[i])
            step = sign * slope
            if slope > 0:
                step *= headroom(v)
            v = clamp(v + step)
        pinned_span = set()
    else:
        pin_years = sorted(pin_points)
        first, last = pin_years[0], pin_years[-1]
        pinned_span = set(range(first, last + 1))
        for i, year in enumerate(YEARS):
            if year in pin_points:
                continue
            if year < first:
                v0 = float(pin_points[first][0])
                values[year] = clamp(v0 - sign * pre_slope * (first - year) + noise[i])
            elif year > last:
                v1 = float(pin_points[last][0])
                values[year] = clamp(v1 + sign * post_slope * (year - last) + noise[i])
            else:  # between two pins: smooth, monotone, no noise
                y0 = max(p for p in pin_years if p < year)
                y1 = min(p for p in pin_years if p > year)
                v0, v1 = float(pin_points[y0][0]), float(pin_points[y1][0])
                t = (year - y0) / (y1 - y0)
                f = (1 - ease) * t + ease * smoothstep(t)
                values[year] = v0 + (v1 - v0) * f

    out = {}
    for i, year in enumerate(YEARS):
        if pin_points and year in pin_points:
            value, note = pin_points[year]
            out[year] = (fmt_exact(value, model["decimals"]), note)
            continue
        if missing[i] and year not in pinned_span:
            continue
        note = ESTIMATE_NOTE if extra[i] < ESTIMATE_NOTE_RATE else ""
        out[year] = (fmt(round(values[year], model["decimals"]), model["decimals"]), note)
    return out, (lo, hi)


# ---------------------------------------------------------------------- checking

def check(bench_dir, areas, codes, pins, bounds):
    problems = []
    rows_by_area = {}
    for area, indicators in areas.items():
        ids = {i["id"] for i in indicators}
        path = bench_dir / f"{area}.csv"
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            header = next(reader)
            rows = list(reader)
        rows_by_area[area] = rows
        if header != ["municipality", "indicator", "year", "value", "note"]:
            problems.append(f"{path.name}: bad header {header}")
        seen = set()
        for n, row in enumerate(rows, start=2):
            if len(row) != 5:
                problems.append(f"{path.name}:{n}: {len(row)} columns")
                continue
            code, ind, year, value, _note = row
            key = (code, ind, year)
            if key in seen:
                problems.append(f"{path.name}:{n}: duplicate row {key}")
            seen.add(key)
            if code not in codes:
                problems.append(f"{path.name}:{n}: unknown municipality {code}")
            if ind not in ids:
                problems.append(f"{path.name}:{n}: indicator {ind} not in {area}.yaml")
            if int(year) not in YEARS:
                problems.append(f"{path.name}:{n}: year {year}")
            v = float(value)
            lo, hi = bounds[(code, ind)]
            if not lo <= v <= hi:
                problems.append(f"{path.name}:{n}: {code} {ind} {year} value {v} outside {lo}..{hi}")
            if (code, ind) in pins and int(year) in pins[(code, ind)]:
                want = float(pins[(code, ind)][int(year)][0])
                if v != want:
                    problems.append(f"{path.name}:{n}: pinned {code} {ind} {year} is {v}, not {want}")
        for (code, ind), points in pins.items():
            if ind in ids:
                for year in points:
                    if (code, ind, str(year)) not in seen:
                        problems.append(f"{path.name}: pinned {code} {ind} {year} missing")
    return problems, rows_by_area


# -------------------------------------------------------------------------- main

def main():
    default_root = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", type=Path, default=default_root,
                    help=f"repository root (default: {default_root})")
    args = ap.parse_args()
    bench_dir = args.root / "content" / "benchmarks"
    cs_dir = args.root / "content" / "case-studies"

    areas = load_areas(bench_dir)
    registry = load_registry(bench_dir)
    by_code = {m["code"]: m for m in registry}
    indicator_area = {i["id"]: a for a, inds in areas.items() for i in inds}
    named, pins = load_case_studies(cs_dir, set(by_code), set(indicator_area))
    chosen = choose_municipalities(registry, named)

    bounds = {}
    for area, indicators in areas.items():
        rows = []
        for code in chosen:
            if area == "water" and not is_water_services_authority(by_code[code], by_code):
                continue  # its water is its district's, or its local municipalities'
            cat = by_code[code]["miif_category"]
            for ind in indicators:
                model = MODELS.get(ind["id"])
                if model is None:
                    warn(f"no model for {ind['id']}, using a generic one")
                    model = generic_model(ind)
                values, bounds[(code, ind["id"])] = series(
                    code, cat, ind["id"], model, ind.get("better", "higher"),
                    pins.get((code, ind["id"]), {}))
                for year in YEARS:
                    if year in values:
                        text, note = values[year]
                        rows.append([code, ind["id"], year, text, note])
        with open(bench_dir / f"{area}.csv", "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["municipality", "indicator", "year", "value", "note"])
            w.writerows(rows)

    problems, rows_by_area = check(bench_dir, areas, set(by_code), pins, bounds)

    # summary
    cats = {c: sum(1 for x in chosen if by_code[x]["miif_category"] == c) for c in CATEGORIES}
    provs = sorted({by_code[x]["province"] for x in chosen})
    n_pins = sum(len(p) for p in pins.values())
    print(f"municipalities: {len(chosen)} ({len(named)} from case studies); "
          + ", ".join(f"{c} {n}" for c, n in cats.items())
          + f"; provinces: {len(provs)} ({' '.join(provs)})")
    print(f"case-study pins: {n_pins} values in {len(pins)} series")
    for area, rows in rows_by_area.items():
        cells = len(chosen) * len(areas[area]) * len(YEARS)
        print(f"  {area}.csv: {len(rows)} rows of {cells} cells "
              f"({cells - len(rows)} missing, {100 * (cells - len(rows)) / cells:.1f}%)")
    if problems:
        for p in problems:
            print(f"problem: {p}", file=sys.stderr)
        print(f"{len(problems)} problems found", file=sys.stderr)
        return 1
    print("check: no duplicates, all codes, indicators, years and pins OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
