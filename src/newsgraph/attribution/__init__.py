"""Attribution helpers for the quotes extractor: cue lexicon, quote marks, speakers, status."""
