"""The only spaCy/thinc boundary: loading the model, its speed layers, and the reading rules
that turn a figure and its parse into a fact row."""
