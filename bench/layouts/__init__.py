"""Layout matrix benchmark: every corpus document in many layout families (see bench/README.md)."""
