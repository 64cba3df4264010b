"""Near-duplicates and story clustering, incrementally, as documents are committed.

A **story** is the news that several outlets (or one outlet over several days) report in their own
words. Each new document joins the story of its most similar earlier document when the similarity
clears :data:`STORY_THRESHOLD`, and starts a new story otherwise. Only documents published within
:data:`WINDOW_DAYS` days of each other are compared (a story is news, not a topic).

Similarity of two documents ``a`` and ``b``::

    score = cos(headline_a, headline_b) + LEX_WEIGHT * cos(terms_a, terms_b)

* headlines are embedded with the multilingual Universal Sentence Encoder (:mod:`.embed`), which
  sees that ``وصول طائرة إغاثة سعودية إلى عدن`` and ``أول طائرة إغاثية سعودية تهبط في مطار عدن`` say
  the same thing;
* terms are the :data:`TOP_TERMS` content words of the whole text (title words count double) with the
  highest tf-idf, against the document frequencies of the corpus so far: rare shared words -- the
  place, the names, the numbers of a story -- carry the evidence that headlines alone miss.

A document joins the story of its best match only if its *mean* similarity to that story's members
in the window also clears :data:`AVG_THRESHOLD` (otherwise the next best story is tried): best-match
linking alone chains one fire to the next fire and one prince's visit to the next.

On top of that, **near-duplicates** (MinHash estimate of shingle Jaccard >= :data:`NEAR_DUP`) are
marked ``dup_of`` the earlier document and share its story, even outside the window; so do copies
that are only partly the same (>= :data:`SAME_STORY_JACCARD`: a wire story with a paragraph added).

Everything depends only on what is already committed, in commit order, so a resumed ingest assigns
exactly the stories an uninterrupted one would.

Memory: the clusterer holds the vectors (float16 headline embedding, top terms and their float16
weights) of at most :data:`MAX_LOADED_DAYS` days, those nearest the batch being assigned; a day that
a later batch needs again is read back from the store, where the vectors are kept exactly as they are
held here, in the same (commit) order, so evicting and reloading a day changes no score and no tie.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse

from marsad.cluster import embed, minhash

if TYPE_CHECKING:
    from marsad.ingest.prepare import Prepared
    from marsad.store.base import Store

WINDOW_DAYS = 3
TOP_TERMS = 40
LEX_WEIGHT = 1.0
STORY_THRESHOLD = 0.7
AVG_THRESHOLD = 0.6
CANDIDATES = 8
NEAR_DUP = 0.8
SAME_STORY_JACCARD = 0.5
MAX_LOADED_DAYS = 2 * WINDOW_DAYS + 1 + 7  # a batch's window, and a week more


def day_number(published: str | None) -> int:
    """The ordinal day of a publication date (YYYY-MM-DD, YYYY-MM or YYYY); today when there is none."""
    if published:
        try:
            parts = published[:10].split("-")
            y = int(parts[0])
            m = int(parts[1]) if len(parts) > 1 else 1
            d = int(parts[2]) if len(parts) > 2 else 1
            return date(y, m, d).toordinal()
        except (ValueError, IndexError):
            pass
    return date.today().toordinal()


def day_iso(day: int | None) -> str | None:
    return date.fromordinal(day).isoformat() if day else None


def term_vector(counts: dict[int, int], df: dict[int, int], n_docs: int) -> tuple[np.ndarray, np.ndarray]:
    """The top tf-idf terms of a document, L2-normalised and rounded to float16."""
    if not counts:
        return np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.float16)
    items = []
    for t, c in counts.items():
        idf = math.log((n_docs + 1) / (df.get(t, 0) + 1)) + 1.0
        items.append((-(1.0 + math.log(c)) * idf, t))
    items.sort()
    top = items[:TOP_TERMS]
    terms = np.array([t for _, t in top], dtype=np.uint32)
    w = np.array([-s for s, _ in top], dtype=np.float64)
    w /= np.linalg.norm(w) or 1.0
    return terms, w.astype(np.float16)


@dataclass
class _Day:
    docs: list[int] = field(default_factory=list)
    stories: list[int] = field(default_factory=list)
    emb: list[np.ndarray] = field(default_factory=list)
    terms: list[np.ndarray] = field(default_factory=list)
    weights: list[np.ndarray] = field(default_factory=list)


def _csr(terms: list[np.ndarray], weights: list[np.ndarray], vocab: np.ndarray) -> sparse.csr_matrix:
    """Rows of term weights over ``vocab`` (sorted term ids); terms outside it are dropped."""
    lengths = np.array([len(t) for t in terms], dtype=np.int64)
    if not len(terms) or not lengths.sum() or not len(vocab):
        return sparse.csr_matrix((len(terms), max(1, len(vocab))), dtype=np.float32)
    flat_t = np.concatenate(terms).astype(np.int64)
    flat_w = np.concatenate(weights).astype(np.float32)
    rows = np.repeat(np.arange(len(terms)), lengths)
    pos = np.searchsorted(vocab, flat_t)
    pos[pos >= len(vocab)] = 0
    keep = vocab[pos] == flat_t
    return sparse.csr_matrix((flat_w[keep], (rows[keep], pos[keep])), shape=(len(terms), len(vocab)))


@dataclass
class Assignment:
    story: int
    dup_of: int | None
    new_story: bool


class StoryClusterer:
    """Assigns stories (and near-duplicate links) to documents as they are committed."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.days: dict[int, _Day] = {}

    # --- the window --------------------------------------------------------------------------------
    def _ensure(self, days: set[int]) -> None:
        missing = sorted(d for d in days if d not in self.days)
        if missing:
            for d in missing:
                self.days[d] = _Day()
            for doc, day, story, emb_b, terms_b, weights_b in self.store.vectors_for_days(missing):
                self._add(day, doc, story, embed.from_bytes(emb_b) if emb_b else np.zeros(embed.DIM, np.float32),
                          np.frombuffer(terms_b, dtype="<u4"), np.frombuffer(weights_b, dtype="<f2"))
        if len(self.days) > MAX_LOADED_DAYS:
            centre = sorted(days)[len(days) // 2]
            for d in sorted(self.days, key=lambda x: -abs(x - centre)):
                if len(self.days) <= MAX_LOADED_DAYS:
                    break
                if d not in days:
                    del self.days[d]

    def _add(self, day: int, doc: int, story: int | None, emb: np.ndarray, terms: np.ndarray, weights: np.ndarray) -> None:
        block = self.days.setdefault(day, _Day())
        block.docs.append(doc)
        block.stories.append(story if story is not None else -1)
        block.emb.append(emb.astype(np.float16))  # exact: embeddings are float16-rounded already
        block.terms.append(terms)
        block.weights.append(weights)

    def _window(self, lo: int, hi: int):
        docs, stories, days, emb, terms, weights = [], [], [], [], [], []
        for d in range(lo, hi + 1):
            b = self.days.get(d)
            if not b or not b.docs:
                continue
            docs += b.docs
            stories += b.stories
            days += [d] * len(b.docs)
            emb += b.emb
            terms += b.terms
            weights += b.weights
        return (np.array(docs, dtype=np.int64), np.array(stories, dtype=np.int64), np.array(days, dtype=np.int64),
                np.array(emb, dtype=np.float32).reshape(-1, embed.DIM), terms, weights)

    # --- assignment ------------------------------------------------------------------------------
    def assign(self, batch: list[tuple[int, Prepared]]) -> list[Assignment]:
        """Assign stories to a batch of just-inserted documents (``(row id, prepared)``, in order)."""
        if not batch:
            return []
        n_docs = self.store.count_documents() - len(batch)
        all_terms = sorted({t for _, p in batch for t in p.terms})
        df = self.store.doc_freqs(all_terms)
        bdays = np.array([p.rec["day"] for _, p in batch], dtype=np.int64)
        self._ensure({int(d) + k for d in set(bdays.tolist()) for k in range(-WINDOW_DAYS, WINDOW_DAYS + 1)})

        bemb = np.zeros((len(batch), embed.DIM), dtype=np.float32)
        bterms, bweights = [], []
        for i, (_, p) in enumerate(batch):
            if p.embedding:
                bemb[i] = embed.from_bytes(p.embedding)
            t, w = term_vector(p.terms, df, n_docs)
            bterms.append(t)
            bweights.append(w)
        vocab = np.unique(np.concatenate(bterms).astype(np.int64)) if bterms else np.zeros(0, np.int64)
        bcsr = _csr(bterms, bweights, vocab)

        wdocs, wstories, wdays, wemb, wterms, wweights = self._window(
            int(bdays.min()) - WINDOW_DAYS, int(bdays.max()) + WINDOW_DAYS)
        if len(wdocs):
            wcsr = _csr(wterms, wweights, vocab)
            s_win = bemb @ wemb.T + LEX_WEIGHT * (bcsr @ wcsr.T).toarray()
            s_win[np.abs(bdays[:, None] - wdays[None, :]) > WINDOW_DAYS] = -np.inf
        else:
            s_win = np.zeros((len(batch), 0), dtype=np.float32)
        s_bat = bemb @ bemb.T + LEX_WEIGHT * (bcsr @ bcsr.T).toarray()
        s_bat[np.abs(bdays[:, None] - bdays[None, :]) > WINDOW_DAYS] = -np.inf

        out: list[Assignment] = []
        bstories: list[int] = []
        df_add: dict[int, int] = {}
        for i, (rowid, p) in enumerate(batch):
            day = int(bdays[i])
            sig = minhash.from_bytes(p.minhash)
            keys = minhash.band_keys(sig)
            dup_of, dup_story, near_story = None, None, None
            cands = [c for c in self.store.lsh_candidates(keys) if c != rowid]
            if cands:
                sigs = self.store.minhashes(cands)
                best = None
                for c in sorted(cands):
                    j = minhash.jaccard(sig, minhash.from_bytes(sigs[c])) if c in sigs else 0.0
                    if best is None or j > best[0]:
                        best = (j, c)
                if best and best[0] >= SAME_STORY_JACCARD:
                    cand_story = self._story_of(best[1])
                    if best[0] >= NEAR_DUP:
                        dup_of, dup_story = best[1], cand_story
                    else:
                        near_story = cand_story
            story = None
            if dup_story is not None:
                story = dup_story
            elif near_story is not None:
                story = near_story
            else:
                story = self._best_story(s_win[i], wstories, s_bat[i, :i], bstories)
            if story is None:
                story = self.store.new_story(rowid, p.rec["title"], day)
                new = True
            else:
                self.store.add_to_story(story, rowid, day)
                new = False
            if dup_of is not None:
                self.store.set_dup_of(rowid, dup_of)
            self.store.add_lsh(rowid, keys)
            self.store.add_vectors(rowid, day, p.embedding, bterms[i].astype("<u4").tobytes(),
                                   bweights[i].astype("<f2").tobytes(), p.minhash)
            self._add(day, rowid, story, bemb[i], bterms[i], bweights[i])
            bstories.append(story)
            for t in p.terms:
                df_add[t] = df_add.get(t, 0) + 1
            out.append(Assignment(story, dup_of, new))
        self.store.add_doc_freqs(df_add)
        return out

    @staticmethod
    def _best_story(row_win: np.ndarray, wstories: np.ndarray, row_bat: np.ndarray, bstories: list[int]) -> int | None:
        """The story of the most similar earlier document, if the document is also close to that story
        as a whole (mean similarity to its members in the window >= AVG_THRESHOLD): single-link alone
        chains one fire to the next fire and one prince's visit to the next."""
        scores = np.concatenate([row_win, row_bat]) if len(row_bat) else row_win
        if not len(scores):
            return None
        stories = np.concatenate([wstories, np.array(bstories, dtype=np.int64)]) if len(row_bat) else wstories
        order = np.argsort(-scores, kind="stable")[:CANDIDATES]
        tried: set[int] = set()
        for j in order:
            if scores[j] < STORY_THRESHOLD:
                break
            story = int(stories[j])
            if story < 0 or story in tried:
                continue
            tried.add(story)
            member = (stories == story) & np.isfinite(scores)
            if float(scores[member].mean()) >= AVG_THRESHOLD:
                return story
        return None

    def _story_of(self, doc: int) -> int | None:
        return self.store.doc_story(doc)
