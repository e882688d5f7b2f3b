"""Claims: keys, stories, grouping across sources and comparing figures (public, shared by the
local and the Spark engine)."""
