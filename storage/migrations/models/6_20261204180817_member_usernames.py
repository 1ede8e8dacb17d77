"""A member's handle on networks that have one (a Telegram @username), kept beside their name:
after a restart `@bob_t` finds Bob before he speaks again. Empty for every row until its
member's next event.
"""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


def _dialect(db: BaseDBAsyncClient) -> str:
    return "postgres" if db.capabilities.dialect == "postgres" else "sqlite"


async def upgrade(db: BaseDBAsyncClient) -> str:
    return UPGRADE[_dialect(db)]


async def downgrade(db: BaseDBAsyncClient) -> str:
    return DOWNGRADE[_dialect(db)]


UPGRADE = {
    "sqlite": """
        ALTER TABLE "member_name" ADD "username" VARCHAR(64);""",
    "postgres": """
        ALTER TABLE "member_name" ADD "username" VARCHAR(64);""",
}

DOWNGRADE = {
    "sqlite": """
        ALTER TABLE "member_name" DROP COLUMN "username";""",
    "postgres": """
        ALTER TABLE "member_name" DROP COLUMN "username";""",
}

MODELS_STATE = (
    "eJztXW1z2zYS/is4fTlnRklt2Unc9uZm7MRpfU3iTKJeO006DCRCEmsKUAnQL+3lvx9AkR"
    "JJgRQhkTTJ7ExnGpNYkHoAAvvy7OLv3pzZxOVPzqaE2vhSkPl7dtv7Dv3do3hO5D/0Dfqo"
    "hxeL9W11QeCRu5QgRDh0auFAxHKkTCAw4sLDYyGbTLDLibxkEz72nIVwGJVXqe+66iIby4"
    "ayg/Ulnzp/+sQSbErEjHjyxsff5WWH2uSO8OjPxbU1cYhrJ17fsdWzg+uWuF8E1y6peBU0"
    "VE8bWWPm+nO6bry4FzNGV60dKtRV+WOIhwVR3QvPV6+v3i780dEvWr7pusnyFWMyNplg3x"
    "Wxnzuy1td6lvX2amh9uBhaVs8AoDGjClz5qjz49VP1Co8HRyfPT06Pn52cyibBa66uPP+y"
    "fPQamKVgAM/bYe9LcB8LvGwRYLwGlY3HvucROiab4L6YYU+PblIqhbJ8/TTKEaZ5MEcXcn"
    "Du9apCeY7vLJfQqZjJP08OcyD979n7Fz+evT84OXykHsjkd7D8Vt6GdwbBLYX6GmXhCFcD"
    "8JDcZUzflUBV2K6/2xomcQ6cw4tfh6rnOed/unEYD96c/RogPL8P77y+evtD1DwG+4vXV+"
    "cpuLFtE9sa3ZtM6bjMTqCHs7UpmCen9ODp0wJzWrbKnNTBPR3MWGzC/FLCJJw5yYN6KZeC"
    "2g4Fn0T/aB/weZP98s3Fh+HZm3eJGf/ybHih7gwSsz26evAsNSSrTtAvl8MfkfoT/Xb19i"
    "JAk3Ex9YInrtsNf+upd8K+YBZlt5aEP4ZJdDm6lBjhaP832nqTQtu34BYsYGXswkqvmVxr"
    "N+EQsU2MXzGPOFP6E7kPoL6UL4X1m26o271Z9hQqdi1D+Us0k6Kr64/bw7crjTA1wSQI8q"
    "cTsVzfzz68OHt50QvQHuHx9S32bCsBu7rDBix1ZdV289Z8ME9fwVRqxHb4Q9RrR6o152Q+"
    "cu+zNO/Y7Vy9G4cNy1e2P/YWLhYT5gWKvMfYvPc7KOAPqIDHh6OorhKX6YSCmFRWjgcFdJ"
    "XjQaaqom4lNZVgnhsAHLXvILiVaIIuplNfLokmGMdl6sO5N/HqMSJPC6B8monx6aYFOSd/"
    "MWqEcFymRoQvfI8tyDfvsOfwerB+dlIA7GcnmWirW0m41Z5sAnXUvkaYyd3CdcaOqAfio2"
    "cFID5K2ypriNWtJMSU3AmL+vMR8QzUipRUfdbFUaP1izWsEyJta8GuCTWZv0mpGmdxWxcI"
    "ToSyQfgmyP/5cPVWD3JcJu33cMYC/Q+5Dq9sAvf+NfHpWOGIRr7jyjfhT9Rj/13VEORArj"
    "DK9/qlHXz9pHNDdZD2+o09oiDbwSGVlCzBJdU0FbBLPqkMX3qeGlS7L72mZW1wWCRSIVtl"
    "6/KHQaxiwzeV7T6JuX9929F8aueh2Kuf3hNpp6ofuIl95BBRXXTLWZW0i5wbYnnMp7Zmoz"
    "AB6rXs6L3qp8NghW69PZHqpAc0hZPSfvnMWewNVdRRh9FaSGOUcezuidW7sJsOI6V0G2vB"
    "3H2hGsp+3sluOgZVpXGDaB/UBQ1ie2ROxEC1ssgNWVrAW4MGvbPFglD7MaPuPXLZFLEJkt"
    "LePbLJ2OHKSgg6e9JLoWYkWDLb59yZfi3xhm8Hg+Pj54PD42enT0+eP396erhyDGzeyvMQ"
    "nF/+oJwECf1ve1SC+6M/yFij3WWr2TGRGhXtaHlvrRfM2AG2n++rYWSJsr1f1/J3mEzaqH"
    "0HAz3lR9GWiqeRW5xkTFagVOkDaXIj5aFyVXA9iEmAMzy9HOzATQMXYPNdgEptMXG8R+3B"
    "6V660z1iKplRBFNSwBHczhGMU8L2JAmmaGgtw7koSzA1x5pEE3zpkwxjP7zTzzP1bZ8UNP"
    "GlSY5t16EEMQ95ZK5GzJNozQhSS+IIc4I8doscHlyTKIpZP/gnH8+I7bvEQ4Gdf4uvCUf+"
    "QuMNqOYZ2x0HH6UOiYW/ZJjIpnLjli0+rjR6j0yWzEbwLjTOuwBWWpVcRznxjeZ2KNClTb"
    "iW+R3TR5frj6GpsZaqx9yoc53pkrWx3mcKu0JXEvWlRiqnfJhD0kY/KJh0u3xLwKMCJ4rJ"
    "smbA86nS/rmgwsvKkVrd6+fZQFHYxyKqeSFzKHuQoSZBs1KiwDyocKOtPYjTbIArieIIcq"
    "fZO3OqPYTtO4Fv3cUeWhIya/x63IioWcMivm3X93RESLNITUoKvpftkZo4JWnPSE03Waf9"
    "VKQmNceaFKm5pCN2l2GprO718ywVR7UqFq+5CGiUSsCn9pJF2UfLwUQjeUNwFGX+I8fuo2"
    "uyEPK+cFw0w9R2ib0Znympz62VJIKe1QDuVU0CQjB1hWCg7EQNoZjVR2EAclymgyBXYm8t"
    "8L3LsAbmbP9xTGQvF3J7FNZKfMXhHqFZyRlzCaZ68GNSKfBHUqyqOb66Ui/u51dXrxO4n1"
    "+mrdqf35xfvD84CgZBNnJERpzRI2Pi3Ozkmk+Jgm++cbZaQ3zziUxTjdabzkTN1nzXya/F"
    "1N8zpCSQGla5BaJAEjGKMIoMhO/Q7YwpJtEYu3L9QBK+fnSJS5XVRYKhEQlv68hKFTxBqx"
    "rH2Xor8yZM3YB6aw9aby01GsUR1kiCO0SzS0XlGY0B3hSEFKdNeOWP8jX1L7JV3ZVAM7gS"
    "6nmd4UrY2pJsObQVfTk2GIr9h4JfO4uFzhTJKci0FoEBKX9AGsib61QoX8LlCeNC90mpDg"
    "JdiYspQs3c8k5KguHdOMMb0tkgne3Bv542p7OFJbeuVocCZbiOtO36Rc6fSp43tN2V9E4l"
    "la1kltloq0JQKmPNFejWUYlomNrLu/5IKl8zYqO5Q31B+Kb3qKxOtQ6j2BEQsR8LriI4G6"
    "uwPVGV3VD14Vi2w8e+XN2MTLeEEBhvpRtv4YK1OSTZLNaYSAdmfd001hC9HQyMpCSQMJts"
    "X8CBWnCgVvNsi+YeqLWC391iVEQtCpkTHnMLGhK/zBiaMfmmCCMlhbBATNW6WCl536MF5i"
    "qWfCvbeCTQ+2dSE2DevbwoglqpyCPY1lgUpfduYFqoOaBgABMDTIwHV7aqNjGiD74owFH7"
    "DnrHIaOwleEH4u3G+0sIQvABjIMWjCkYB2AcGBkH+YZBMaOgmD1whsLm36PPnMhxlPPjM5"
    "qyoHKdUt+XpfDHM0ynAUuUUBt7HM19qcVzQtABl2+JPvuO/fmRjqBadvdb2akZpNRkozUx"
    "Qz7QsKwe2Ah72gh1l4hv2kJVNoGyDQeItVxbVZQXY001EgIttdFaKtEV58kfWqKtzwMD26"
    "yBbc8R07WtjuWfG+ubZQP7kAhssvEwb4qp85eZNyohBEgXTLl2sc5nnc0OWAl04SSYuskB"
    "nucbOrAjgS6gXY/GCrkKleYqhN4MAzM2LlKfIXtYFcAlW7HqoM4dcliTUpBfqSuysDzDwm"
    "KTCSdCsyhksxJ1skBOzN8Od8m69PDt5rDklhyJRKDeiEG9EagEvpMG2DbD31/YOw5zUhKG"
    "udHDDLltkNvWzBDznrltMeSnKiBqyQ1tvuch9mdBT5eyo25Bn3SXrXiEe6KVldnXRdAUN7"
    "AcuGKc5U4CxW8WJQEle+owUJRpM62MgApygN7KjjqGUx38oXB25XCI1vOvQHKBbBy03E4m"
    "EkJtMnK5RBPmpZj/6OBT71MvuIHVrcdsMonYQTrm0H59mSUOhPxdSB2A1IHCPqmqfE9Vpw"
    "4Au7366Aum/NYM47VEBzE+LYDwaSa+p3p0d/LvpETBwdNoBw/kD0D+wMOr7P0W5Q+ojfqt"
    "HNZM9T/eYIv2r5paQQeFlP/hjCDVWmrkS1nkqkzfW1WYenTfV2WpVbIvJeKWeddcFaHmsr"
    "GNF4J48k/PEcsOOHIoWrFrEkZBBc/4RNkEOTZXgnNO3Bt572AoR3Tq4Xk/6C6Yx85YPmY0"
    "Y+z60Xdo6twQitSgqfLZSlLlMgSE38f+oo84+0TFTF7CSC6H6jKyVc6DNIyR8D35aMIWLl"
    "n2IGcaU2/wBF14mBNbHWPz+R/StpGmy+M5+VzsvBowYRpgwsAhNDUcQgMGTPUGTLTsF0U4"
    "at9BfI8GRcwX2SqbPDbYMGF8TjxTjOMy3WNBVsBMbxULoM5tsO024oYt85DqNp852d72eI"
    "MC6rZqWkjbzh7qrfmxoCg2QFEEHaZ6HSYjrp1Ddo0EgOGaWP3LYLjKxUzazJqYcB7HdS1U"
    "I8s1WmZaS3L9gzl0J7UnIQhlN5um9Tx4amvDxrNq+wHopUAvbWYEoslHJyR4WzqbKE3s2k"
    "5AUnSy8q0isH+A66P95Ddwbi3VR6oQM2ZGQ1lJgJVZzMoU5E6jaGeXDYjadwLfussGqACu"
    "IHQH2yYpCbyfRls3wPsB3k/ztO7m8n6uRn+QwHmYoXMn7ueq3CxqWUUUIjpbDKIQDdHCIQ"
    "pRQxSCYL78nIpqiGuJTmBct454Qzzu6BDPXC5iEqA2aAIKUEuq4lpS8kl8p4hNQhAiNk22"
    "aWRXzN3tyIuUKIxzK8bZfB/SiUJBM02luNCOMPMPpKRgp9/uIIgbbHt6CN6FXXXbRZCaY4"
    "3yEfhixO6yHASrm/1c70DQrJBroPeGcC7fRJ0jPnZsYquEGyxBw5TjwMPQl3dc50ZlYyI8"
    "EcRTv5EHB44jj8jx0B1ZXlqv2wOCyfQaj7Hg/5xQoUbX7MiQc2f6tTgrvh0Mjo+fDw6Pn5"
    "0+PXn+/Onp4WpR2ryVtzqdX/6gFqjERr7dpXFNNDSCbEMlbF6OlfKw8FfMhoHUphpSm6JV"
    "pijAUfsOgltNsHamjpa1DBeJpBRQ5wosFvjeZVizEWaTr2Mi9dOvH8a2rYRo3URn3SajZk"
    "GoHYYe2+iww0KQ+UJXSjubFxoTgeLvaZOekjthhRDt4CHTiAPFo9FuMpdgTiyfCkfjXcgf"
    "7JQouEObPM6RvWyyH61FuqdrVaLWqiIoFvE8HdczO86clOpA5by6I81wmsDXs4TtclA9LV"
    "EXadii1vbxbUgFgXfMdc+CkoQZjvlkg36ecz44CWldRrJ08p7sPhg7IO4Bce/B158alKrx"
    "jDnacwSyfVgxESghULpnC8q+dnhD3jgJ0IzbsZYAXkcBXke4l+/J6RjKT0UpKB3ndKznVp"
    "P4HO8Yd3JSPuK3t6iNy4aV6IybCR/9Nd0aVEhQIbutQkIqQgWpCIY1AzI3sS7M2gpSEVqR"
    "rtQZFzJbCO0CkVMDYyXRAbhrqLS7g7EIPtvGm4geGTPPlgb9yIjJlRKD8GIhNQbyLSDfoq"
    "G2eXPzLeIDoLPPk+OTY5/H5kSVZaGpD3GdBzfKw0EoDuxaANZXjbkoHOEa1kgNBTpoLFai"
    "G4yYrdHAsq3FqH0HjJe6bUWo5lf9dJ7L3ZEZsRXXEh3EuHz/UivSE1qM72KGudGOtxKA6V"
    "sA3pZ49I9aop/ZBNuuoytjn++ii8uBo67Jjro/feb5Rjmta4nuuefKzxhWual8xlwjnSUh"
    "VKMmfvTNoJ5IQvk4Y8ro/ZzpVJf8I2zicjWeYrO60tpjbGaOTSw5T+Wrm4KeFgXcDXBfBh"
    "iNeK8xEeC95tv9O/BePXLjELnpqmo2ZsGupFz3ttPy9XvikrFgCg+T+Z+Ugk+g9E9gzHyq"
    "2wVyqPgriWYMh3psZ4ZjgT3hjJ1FgNvGoGRHhFNiUAZhY+/1xZjpToXOdqjHRMCnbuxTD8"
    "vI7ZBSkpQEJ0STnRCRJrRD5d2YIIxxk8eYY1czvDlhhbB9BxbNqn0fUOfgq/iC4LxTOO+0"
    "mTS/Pc87jZn3NKgArHEnhoKvfnpPXJzBsA8xv5CddAzwpBESnQG1J07pU6e6iFWUPbknVK"
    "lszS4ipc693BelkAqrjOGOIVUHEzmCLYeNHEN2OyPZio4yrTJtGJKF6/NDZfOSW0J7aTzC"
    "cGzwg3j5IIEJEpiasdH325PANAyq3r9nLEtpSDbIVRnCCvqebFtIYegNZwRFp0eg+fLQFy"
    "RmWCA5bzzB1aEvQZ/ogDyZPpF/Rkj+kyO2IFQOTiT3aPMYmfK71ysymgNkYocJpHUavUD4"
    "GPNDZ0Dr2VPrgSNPanAuw5EnHT3ypNlYl3/mSWydNgA6KdVBoEub1Btq5wOpRbGidzqlKF"
    "kTL0clkg2tqBDfdoXoDCkBpATQAWfUVhqLLf+T84I/+h45UmnhLlOqC5eaRKDG9BGhtvwx"
    "n/zB4eDZ7+qsvJ+HL9DlhyuktqhNtaiqh0DyeRvUHUg+L9nFA8nnVZdoVvQCs5TomAigXF"
    "CDlHvCX0yXpJc3ldcyHcS5fO0x2FY3Ec4mOK8EmsFv7hTdHNJSu851gjIE1ebRjGeME2oF"
    "FoLpV5SWhS+pyV9SOFrSCNxxnENJGOVGj7Irx2onBnBcEMa4yWPskblE0RqRCfM0qk+mG2"
    "BDbidvQMMGtmxnwJzIGU6nlrGTZVMQ4N2EF1IUvoolClIUIEWhmUSe0lIUlkeV7c0nTx0b"
    "2RHUK+VJnxHPGc96mqBeeKefF8/D6zal0qEhJNZE3nO2nyib+NwFx3clAQb1URkgHDbvIL"
    "pHh4dFHHGHh9meOHUvXTuFCkI1enFe8ZSVSP3RhYdRhUuLIzwoTeXL/wEpwcEX"
)
