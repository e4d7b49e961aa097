"""England's local authorities with children's services, and the region each is in.

The national inspection picture needs every authority's region, which Ofsted's reports do not
print: this list gives it. Names are as Ofsted's reports list the authority; `aliases` are other
names reports have used. Authorities that no longer exist (Cumbria, Northamptonshire) stay, since
their reports are part of the record. A new authority is a line here (and a release).
"""

from __future__ import annotations

from dataclasses import dataclass


class Region:
    """England's nine regions, as the DfE and Ofsted group local authorities."""

    NORTH_EAST = "North East"
    NORTH_WEST = "North West"
    YORKSHIRE = "Yorkshire and the Humber"
    EAST_MIDLANDS = "East Midlands"
    WEST_MIDLANDS = "West Midlands"
    EAST = "East of England"
    LONDON = "London"
    SOUTH_EAST = "South East"
    SOUTH_WEST = "South West"


REGIONS: tuple[str, ...] = (
    Region.NORTH_EAST,
    Region.NORTH_WEST,
    Region.YORKSHIRE,
    Region.EAST_MIDLANDS,
    Region.WEST_MIDLANDS,
    Region.EAST,
    Region.LONDON,
    Region.SOUTH_EAST,
    Region.SOUTH_WEST,
)


def region_in_words(region: str) -> str:
    """The region as it reads after "in": "the West Midlands", "London", "Yorkshire and the
    Humber"."""
    if not region:
        return "its region"
    return region if region in (Region.LONDON, Region.YORKSHIRE) else f"the {region}"


@dataclass(frozen=True)
class RegisteredAuthority:
    name: str
    region: str
    aliases: tuple[str, ...] = ()


def _many(region: str, *names: str) -> list[RegisteredAuthority]:
    return [RegisteredAuthority(name=name, region=region) for name in names]


AUTHORITIES: tuple[RegisteredAuthority, ...] = (
    *_many(
        Region.NORTH_EAST,
        "Darlington",
        "Gateshead",
        "Hartlepool",
        "Middlesbrough",
        "Newcastle upon Tyne",
        "North Tyneside",
        "Northumberland",
        "Redcar and Cleveland",
        "South Tyneside",
        "Stockton-on-Tees",
        "Sunderland",
    ),
    RegisteredAuthority("Durham", Region.NORTH_EAST, aliases=("County Durham",)),
    *_many(
        Region.NORTH_WEST,
        "Blackburn with Darwen",
        "Blackpool",
        "Bolton",
        "Bury",
        "Cheshire East",
        "Cheshire West and Chester",
        "Cumberland",
        "Cumbria",
        "Halton",
        "Knowsley",
        "Lancashire",
        "Liverpool",
        "Manchester",
        "Oldham",
        "Rochdale",
        "Salford",
        "Sefton",
        "St Helens",
        "Stockport",
        "Tameside",
        "Trafford",
        "Warrington",
        "Westmorland and Furness",
        "Wigan",
        "Wirral",
    ),
    *_many(
        Region.YORKSHIRE,
        "Barnsley",
        "Bradford",
        "Calderdale",
        "Doncaster",
        "East Riding of Yorkshire",
        "Kirklees",
        "Leeds",
        "North East Lincolnshire",
        "North Lincolnshire",
        "North Yorkshire",
        "Rotherham",
        "Sheffield",
        "Wakefield",
        "York",
    ),
    RegisteredAuthority("Kingston upon Hull", Region.YORKSHIRE, aliases=("Hull",)),
    *_many(
        Region.EAST_MIDLANDS,
        "Derby",
        "Derbyshire",
        "Leicester",
        "Leicestershire",
        "Lincolnshire",
        "North Northamptonshire",
        "Northamptonshire",
        "Nottingham",
        "Nottinghamshire",
        "Rutland",
        "West Northamptonshire",
    ),
    *_many(
        Region.WEST_MIDLANDS,
        "Birmingham",
        "Coventry",
        "Dudley",
        "Herefordshire",
        "Sandwell",
        "Shropshire",
        "Solihull",
        "Staffordshire",
        "Stoke-on-Trent",
        "Telford and Wrekin",
        "Walsall",
        "Warwickshire",
        "Wolverhampton",
        "Worcestershire",
    ),
    *_many(
        Region.EAST,
        "Bedford",
        "Cambridgeshire",
        "Central Bedfordshire",
        "Essex",
        "Hertfordshire",
        "Luton",
        "Norfolk",
        "Peterborough",
        "Suffolk",
        "Thurrock",
    ),
    RegisteredAuthority("Southend-on-Sea", Region.EAST, aliases=("Southend",)),
    *_many(
        Region.LONDON,
        "Barking and Dagenham",
        "Barnet",
        "Bexley",
        "Brent",
        "Bromley",
        "Camden",
        "City of London",
        "Croydon",
        "Ealing",
        "Enfield",
        "Greenwich",
        "Hackney",
        "Hammersmith and Fulham",
        "Haringey",
        "Harrow",
        "Havering",
        "Hillingdon",
        "Hounslow",
        "Islington",
        "Kensington and Chelsea",
        "Kingston upon Thames",
        "Lambeth",
        "Lewisham",
        "Merton",
        "Newham",
        "Redbridge",
        "Richmond upon Thames",
        "Southwark",
        "Sutton",
        "Tower Hamlets",
        "Waltham Forest",
        "Wandsworth",
        "Westminster",
    ),
    *_many(
        Region.SOUTH_EAST,
        "Bracknell Forest",
        "Brighton and Hove",
        "Buckinghamshire",
        "East Sussex",
        "Hampshire",
        "Isle of Wight",
        "Kent",
        "Medway",
        "Milton Keynes",
        "Oxfordshire",
        "Portsmouth",
        "Reading",
        "Slough",
        "Southampton",
        "Surrey",
        "West Berkshire",
        "West Sussex",
        "Windsor and Maidenhead",
        "Wokingham",
    ),
    *_many(
        Region.SOUTH_WEST,
        "Bath and North East Somerset",
        "Bournemouth, Christchurch and Poole",
        "Cornwall",
        "Devon",
        "Dorset",
        "Gloucestershire",
        "Isles of Scilly",
        "North Somerset",
        "Plymouth",
        "Somerset",
        "South Gloucestershire",
        "Swindon",
        "Torbay",
        "Wiltshire",
    ),
    RegisteredAuthority("Bristol", Region.SOUTH_WEST, aliases=("City of Bristol",)),
)
