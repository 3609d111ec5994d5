"""Great-circle distance on a spherical Earth."""

from __future__ import annotations

import numpy as np

#: Mean Earth radius in km (IUGG mean radius R1), used for every distance in bot_core.
EARTH_RADIUS_KM = 6371.0088


def great_circle_km(lat1, lng1, lat2, lng2):
    """Great-circle (haversine) distance in km between points given in decimal degrees.

    Works element-wise on scalars or arrays; missing coordinates give NaN. Latitudes outside
    -90 to 90 and arrays of different lengths raise ``ValueError``.

    >>> round(float(great_circle_km(0, 0, 0, 180)))  # half the equator
    20015
    """
    coords = [np.asarray(a, dtype="float64") for a in (lat1, lng1, lat2, lng2)]
    for name, lat in (("lat1", coords[0]), ("lat2", coords[2])):
        if (np.abs(lat) > 90).any():  # NaN (missing) passes
            raise ValueError(f"{name} must be latitudes in decimal degrees, -90 to 90; got {lat[np.abs(lat) > 90].ravel()[:3]}.")
    try:
        np.broadcast_shapes(*(c.shape for c in coords))
    except ValueError:
        raise ValueError("lat1, lng1, lat2 and lng2 must have the same length (or be single numbers); got shapes "
                         f"{', '.join(str(c.shape) for c in coords)}.") from None
    lat1, lng1, lat2, lng2 = (np.radians(c) for c in coords)
    h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lng2 - lng1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
