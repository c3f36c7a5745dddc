"""The record of a meeting: minutes, speaking-time statistics, charts and exports.

Pure folds over the Meeting (its turns, hands, participants, items, notes and
action items): no I/O, no clock; `now` and the time zone are passed in.
"""
