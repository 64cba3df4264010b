"""A deterministic force-directed layout for the actor network (computed server-side).

Fruchterman-Reingold with a fixed start (nodes on a circle in the order given, which the caller
sorts), a fixed number of iterations and a linear cooling schedule: the same graph always gets the
same picture, on every machine, so screenshots and tests can rely on it. Edge weights pull harder
(log-scaled). Each connected component is laid out on its own and the components are then packed in
rows, largest first, so that a few isolated pairs do not squeeze the main cluster into a corner.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np


def force_layout(nodes: list[str], edges: list[tuple[str, str, float]], iterations: int = 300,
                 margin: float = 0.06, aspect: float = 1000 / 680) -> dict[str, tuple[float, float]]:
    """Positions in ``[margin, 1 - margin]`` for every node, rounded to 4 decimals (memoised).

    ``aspect`` is the width/height ratio of the drawing: x and y are both fractions of it, so the
    layout is undistorted when drawn at that ratio.
    """
    key_edges = tuple((a, b, float(w)) for a, b, w in edges)
    return dict(_layout(tuple(nodes), key_edges, iterations, margin, aspect))


def _components(nodes: tuple[str, ...], edges: tuple[tuple[str, str, float], ...]) -> list[list[str]]:
    parent = {n: n for n in nodes}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b, _ in edges:
        if a in parent and b in parent:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = {}
    for n in nodes:
        groups.setdefault(find(n), []).append(n)
    return sorted(groups.values(), key=lambda g: (-len(g), g[0]))


def _fr(nodes: list[str], edges: list[tuple[str, str, float]], iterations: int) -> np.ndarray:
    """Fruchterman-Reingold for one connected component; positions roughly in a box of side sqrt(n)."""
    n = len(nodes)
    if n == 1:
        return np.zeros((1, 2))
    index = {c: i for i, c in enumerate(nodes)}
    side = math.sqrt(n)
    angle = np.arange(n) * (2 * math.pi / n)
    pos = np.stack([np.cos(angle), np.sin(angle)], axis=1) * side / 2
    k = 1.0  # ideal edge length: the box has area n
    src = np.array([index[a] for a, b, _ in edges], dtype=int)
    dst = np.array([index[b] for a, b, _ in edges], dtype=int)
    w = np.array([1.0 + 0.5 * math.log1p(x) for _, _, x in edges])
    t0 = side / 8
    temp = t0
    for it in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist2 = (delta**2).sum(axis=2)
        np.fill_diagonal(dist2, np.inf)
        disp = (delta * (k * k / np.maximum(dist2, 1e-4))[:, :, None]).sum(axis=1)  # repulsion k^2/d
        if len(src):
            d = pos[src] - pos[dst]
            length = np.sqrt((d**2).sum(axis=1)) + 1e-9
            pull = d * (length / k * w)[:, None]  # attraction d^2/k, along d
            np.add.at(disp, src, -pull)
            np.add.at(disp, dst, pull)
        disp -= pos * 0.3  # gravity keeps trees compact
        length = np.sqrt((disp**2).sum(axis=1)) + 1e-9
        pos = pos + disp / length[:, None] * np.minimum(length, temp)[:, None]
        temp = t0 * (1 - (it + 1) / iterations) + 1e-3
    return pos


@lru_cache(maxsize=256)
def _layout(nodes: tuple[str, ...], edges: tuple[tuple[str, str, float], ...], iterations: int, margin: float,
            aspect: float) -> tuple[tuple[str, tuple[float, float]], ...]:
    if not nodes:
        return ()
    if len(nodes) == 1:
        return ((nodes[0], (0.5, 0.5)),)
    edges = tuple((a, b, w) for a, b, w in edges if a != b)
    placed: dict[str, tuple[float, float]] = {}
    # lay out each component in its own box, then pack the boxes in rows (shelf packing)
    boxes = []
    for comp in _components(nodes, edges):
        members = set(comp)
        pos = _fr(comp, [e for e in edges if e[0] in members and e[1] in members], iterations)
        lo = pos.min(axis=0)
        size = np.maximum(pos.max(axis=0) - lo, 0.0)
        boxes.append((comp, pos - lo, size))
    gap = 1.8
    total_area = sum((s[0] + gap) * (s[1] + gap) for _, _, s in boxes)
    row_width = max(math.sqrt(total_area * aspect), max(s[0] + gap for _, _, s in boxes))
    x = y = row_h = 0.0
    for comp, pos, size in boxes:
        if x > 0 and x + size[0] > row_width:
            x, y, row_h = 0.0, y + row_h + gap, 0.0
        for i, c in enumerate(comp):
            placed[c] = (x + float(pos[i, 0]), y + float(pos[i, 1]))
        x += size[0] + gap
        row_h = max(row_h, float(size[1]))
    xs = np.array([p[0] for p in placed.values()])
    ys = np.array([p[1] for p in placed.values()])
    width = max(float(xs.max() - xs.min()), 1e-9)
    height = max(float(ys.max() - ys.min()), 1e-9)
    scale = min(aspect / width, 1.0 / height)  # uniform: fit the drawing's box without distortion
    inner = 1 - 2 * margin
    off_x = (aspect - width * scale) / 2
    off_y = (1.0 - height * scale) / 2
    out = []
    for c in nodes:
        px, py = placed[c]
        ux = ((px - xs.min()) * scale + off_x) / aspect
        uy = (py - ys.min()) * scale + off_y
        out.append((c, (round(float(margin + ux * inner), 4), round(float(margin + uy * inner), 4))))
    return tuple(out)
