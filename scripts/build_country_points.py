"""Write src/detente/data/geo/country_points.tsv: one point per country, for geocoding country names.

The point is the area centroid of the country's largest polygon in the world-atlas 1:110m TopoJSON
that the web page also draws (src/detente/web/static/world-110m.json, Natural Earth data via the npm
package world-atlas 2.0.2), so that France is placed in France rather than between it and French
Guiana. Countries too small for the 1:110m map get their capital's coordinates at load time
(detente.geo.gazetteer). Run: python scripts/build_country_points.py
"""

from __future__ import annotations

import json
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src/detente/web/static/world-110m.json"
OUT = ROOT / "src/detente/data/geo/country_points.tsv"


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    sx, sy = topology["transform"]["scale"]
    tx, ty = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs: list, indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        points.extend(arc if not points else arc[1:])
    return points


def unwrap(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Longitudes made continuous along the ring (a ring that crosses the antimeridian, e.g. Russia's)."""
    out = [points[0]]
    for x, y in points[1:]:
        px = out[-1][0]
        while x - px > 180:
            x -= 360
        while px - x > 180:
            x += 360
        out.append((x, y))
    return out


def area_centroid(points: list[tuple[float, float]]) -> tuple[float, float, float]:
    points = unwrap(points)
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(a) < 1e-12:
        xs, ys = zip(*points)
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return abs(a) / 2, cx / (3 * a), cy / (3 * a)


def main() -> None:
    topology = json.loads(SRC.read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    rows = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        numeric = geometry.get("id")
        country = pycountry.countries.get(numeric=numeric) if numeric else None
        if country is None or "arcs" not in geometry:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        best = max((area_centroid(ring(arcs, polygon[0])) for polygon in polygons), key=lambda t: t[0])
        lon = (best[1] + 180) % 360 - 180
        rows.append((country.alpha_3, round(best[2], 3), round(lon, 3)))
    rows.sort()
    with OUT.open("w", encoding="utf-8") as out:
        out.write("# Country points: area centroid of the largest polygon of each country in world-atlas\n"
                  "# countries-110m.json (Natural Earth 1:110m, public domain; npm world-atlas 2.0.2).\n"
                  "# Made by scripts/build_country_points.py; do not edit by hand.\n")
        out.write("iso3\tlatitude\tlongitude\n")
        for code, lat, lon in rows:
            out.write(f"{code}\t{lat}\t{lon}\n")
    print(f"{len(rows)} countries -> {OUT}")


if __name__ == "__main__":
    main()
