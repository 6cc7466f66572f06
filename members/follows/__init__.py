"""Following: what a member follows, and how they hear of what is new there.

A member follows topics (their interests, ``User.interests``), counties, article kinds
and single pages (``models.Follow``). New meetings and articles reach them in a daily or
weekly digest, or new meetings at once (``User.digest_frequency``,
``User.new_events_at_once``); ``models.DigestEntry`` records each page a member was told
of, so that nothing is told twice. The apps that publish (events, knowledge) register
where new items come from (``digest``); members never imports them.
"""
