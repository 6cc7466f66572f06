"""The annual follow-up of each county's regional service programme, answered as data.

Each year's round (``FollowUpRound``) asks a follow-up questionnaire
(``core.surveys``) between two dates. A county's programme reporters
(``ProgrammeReporter``) fill in the county's answers in Mina sidor (draft, submit);
editors send them back with a comment or approve them in the admin. Approved answers
are the county's public key figures (``selectors.approved_figures``) and feed the
national report.
"""
