"""The slope line of the scaling benchmarks (bench_doctor_scale.py, bench_module_scale.py)."""

from __future__ import annotations


def slope_line(
    label: str, sizes: tuple[int, int, int], values: tuple[float, float, float], per: str, unit: str, width: int
) -> str:
    """The slope of `values` from the smallest size to the middle, and from the middle to the largest, and their
    ratio: near 1 is linear growth, above 1 faster than linear (n/a when the first slope is not above 0)."""
    (small, middle, large), (first, second, third) = sizes, values
    low, high = (second - first) / (middle - small), (third - second) / (large - middle)
    ratio = f"{high / low:.2f}" if low > 0 else "n/a"
    return (
        f"  {label + ' slope':<{width}} {small}->{middle}: {low:7.3f} {per}/{unit}   "
        f"{middle}->{large}: {high:7.3f} {per}/{unit}   ratio {ratio}"
    )
