"""Discussion: members comment on pages (articles, meetings), one level of replies, moderated.

The pages that take comments are registered by the apps above (``registry``), with
who is told of a new comment. See ``services`` for the rules.
"""
