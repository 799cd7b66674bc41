"""Small geometry for project areas: rings of [latitude, longitude] pairs."""

from __future__ import annotations

from collections.abc import Sequence

Ring = Sequence[Sequence[float]]


def point_in_polygon(lat: float, lon: float, ring: Ring) -> bool:
    """Ray casting: count how often a ray from the point crosses the ring's edges.

    An area of a city square is small enough to treat degrees as a plane.
    """
    if len(ring) < 3:
        return False
    inside = False
    count = len(ring)
    j = count - 1
    for i in range(count):
        lat_i, lon_i = float(ring[i][0]), float(ring[i][1])
        lat_j, lon_j = float(ring[j][0]), float(ring[j][1])
        if (lat_i > lat) != (lat_j > lat):
            crossing_lon = (lon_j - lon_i) * (lat - lat_i) / (lat_j - lat_i) + lon_i
            if lon < crossing_lon:
                inside = not inside
        j = i
    return inside


def ring_is_valid(ring: object) -> bool:
    if not isinstance(ring, list) or len(ring) < 3:
        return False
    for point in ring:
        if not isinstance(point, list | tuple) or len(point) != 2:
            return False
        lat, lon = point
        if not isinstance(lat, int | float) or not isinstance(lon, int | float):
            return False
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            return False
    return True
