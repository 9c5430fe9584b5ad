"""Generated scale data for measurements under load (``ssrmonitor generate_scale_data``).

Every row it writes is marked illustrative; it is never part of the demo.
"""
