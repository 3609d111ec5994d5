"""Great-circle distance on a spherical Earth."""

from __future__ import annotations

from dataclasses import dataclass

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
        _check_latitudes(name, lat)
    try:
        np.broadcast_shapes(*(c.shape for c in coords))
    except ValueError:
        raise ValueError("lat1, lng1, lat2 and lng2 must have the same length (or be single numbers); got shapes "
                         f"{', '.join(str(c.shape) for c in coords)}.") from None
    lat1, lng1, lat2, lng2 = (np.radians(c) for c in coords)
    return _haversine_km(lat1, lng1, lat2, lng2, np.cos(lat1), np.cos(lat2))


def _check_latitudes(name: str, lat: np.ndarray) -> None:
    if (np.abs(lat) > 90).any():  # NaN (missing) passes
        raise ValueError(f"{name} must be latitudes in decimal degrees, -90 to 90; got {lat[np.abs(lat) > 90].ravel()[:3]}.")


def _haversine_km(lat1, lng1, lat2, lng2, cos_lat1, cos_lat2):
    """The haversine distance in km; latitudes and longitudes in radians, with the latitudes'
    cosines. Computed in place on three new arrays (the same numbers as the textbook expression
    ``2 R asin(sqrt(sin²(Δlat/2) + cos lat1 cos lat2 sin²(Δlng/2)))``, with far less memory)."""
    lat1, lng1, lat2, lng2, cos_lat1, cos_lat2 = np.broadcast_arrays(lat1, lng1, lat2, lng2, cos_lat1, cos_lat2)
    h = np.asarray(np.subtract(lat2, lat1))  # sin²(Δlat / 2)
    h /= 2
    np.sin(h, out=h)
    h **= 2
    g = np.asarray(np.subtract(lng2, lng1))  # sin²(Δlng / 2)
    g /= 2
    np.sin(g, out=g)
    g **= 2
    c = np.asarray(np.multiply(cos_lat1, cos_lat2))
    c *= g
    h += c
    np.clip(h, 0.0, 1.0, out=h)
    np.sqrt(h, out=h)
    np.arcsin(h, out=h)
    h *= 2 * EARTH_RADIUS_KM
    return h if h.ndim else h[()]  # a number for numbers


@dataclass(frozen=True)
class Places:
    """The points of a table (one per row), for the distances between many pairs of rows: each
    distance between two distinct points is computed once, by :func:`great_circle_km`, and looked
    up for every pair of rows at those points (a dyad-year panel asks for the same pair of capitals
    in year after year). Make one with :meth:`of`."""

    #: For each row of the table, the number of its point; the last entry (row ``-1``) is a missing point.
    point: np.ndarray
    #: The distances in km between every two points; the last point is missing (NaN).
    km: np.ndarray

    @classmethod
    def of(cls, lat, lng) -> Places:
        """The table with latitudes ``lat`` and longitudes ``lng`` (decimal degrees, 1-D, one per row)."""
        lat, lng = np.asarray(lat, dtype="float64"), np.asarray(lng, dtype="float64")
        if lat.shape != lng.shape or lat.ndim != 1:
            raise ValueError(f"lat and lng must be 1-D and of the same length; got shapes {lat.shape}, {lng.shape}.")
        points, point = np.unique(np.column_stack([lat, lng]), axis=0, return_inverse=True)
        n = len(points)
        km = np.full((n + 1, n + 1), np.nan)
        km[:n, :n] = great_circle_km(points[:, :1], points[:, 1:], points[:, 0], points[:, 1])
        point = np.append(point.reshape(-1), n).astype(np.intp)
        for a in (point, km):
            a.flags.writeable = False
        return cls(point, km)

    def distance_km(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Distance in km between rows ``i`` and rows ``j`` of the table (NaN where either is
        ``-1``): the same numbers as :func:`great_circle_km` of those rows' coordinates."""
        return self.km[self.point[i], self.point[j]]
