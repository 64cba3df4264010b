"""Near-duplicates (MinHash/LSH), story clustering (headline embeddings + tf-idf terms within a time
window) and event deduplication for the corpus store."""
