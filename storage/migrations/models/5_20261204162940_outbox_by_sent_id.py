"""The outbox is found by the id of the message it sent: a command answering one of the bot's
messages about a proposal, a poll or a meeting is about that one.

Both dialects: a partial index, on the rows sent with a thread only. Every event writes outbox
rows that are not sent yet: they add no entry here, so the event's transaction writes no more
than before; the entry comes when the sender records the message's id.
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
        CREATE INDEX "idx_outbox_platfor_2b0cbe" ON "outbox" ("platform", "room", "sent_id") WHERE "sent_id" IS NOT NULL AND "thread_key" IS NOT NULL;""",
    "postgres": """
        CREATE INDEX IF NOT EXISTS "idx_outbox_platfor_2b0cbe" ON "outbox" ("platform", "room", "sent_id") WHERE "sent_id" IS NOT NULL AND "thread_key" IS NOT NULL;""",
}

DOWNGRADE = {
    "sqlite": """
        DROP INDEX IF EXISTS "idx_outbox_platfor_2b0cbe";""",
    "postgres": """
        DROP INDEX IF EXISTS "idx_outbox_platfor_2b0cbe";""",
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
    "at9BfI8GRcwX2SqbPDbYMGHaFaGuc4luu/2yoWc/pCrIZ062JzjeoIAqqJoW0gSzh3pr7i"
    "YoMQ1QYmB/rX5/zYi55hAxIwFgXyZW/zLYl3Ixk/acJl6Zx79cC9XIwIyWmdYSMP9gDt1J"
    "7UkIQknIpmk9D5522bDxrDrrEqiPQH1spne8yWX9E5winU2UJh1tJ8coqlP5VhHYP8BD0X"
    "7yGzi3loYiVYgZM6NIrCTAyixmZQpyp1G0s1Pao/adwLfulHYVXBSE7mDbJCWBk9Jo6wY4"
    "KcBJaZ7W3VxOytXoDxI4DzN07sT9XJWbRS2riEJE515BFKIhWjhEIWqIQhDMl59TUQ1xLd"
    "EJjOvWEW+Ixx0d4pnLRUwC1AZNQAHqHFVc50g+ie8UsUkIQsSmyTaN7Iq5ux3HkBKFcW7F"
    "OJvvQzpRKLalqWIW2hFm/oGUFOz02x0EcYNtTw/Bu7CrbrsIUnOsUT4CX4zYXZaDYHWzn+"
    "sdCJoVcg303hDO5ZuoM67Hjk1slQyCJWiYchx4GPryjuvcqExBhCeCeOo38uAwbOQROR66"
    "47RL63V7QDCZ+uExFvyfEyrU6JodZ3HuTL8WZ8W3g8Hx8fPB4fGz06cnz58/PT1cLUqbt/"
    "JWp/PLH9QCldjIt7s0romGRpBtqITNy7FSHhb+itkwkHZTQ9pNtMoUBThq30FwqwnWztSx"
    "p5bhIpGUAupcgcUC37sMazbCbPJ1TKR++vXD2LaVEK2b6KzbZNQsCLXD0GMbHXZYCDJf6M"
    "o8Z/NCYyJQmDxt0lNyJ6wQoh08ZBpxoHg02k3mEsyJ5VPhaLwL+YOdEgV3aJPHObKXTfaj"
    "tUj3dK1K1FpVoMMinqfjembHmZNSHajqVnekGSrdfz1L2C6HqNMSdZGGLWptH9+GVBB4x1"
    "z3LCiXl+GYTzbo5znng1N61iUOSyfvye6DsQPiHhD3Hnz9qUGpGs+Yo61xn+3DiolACYHS"
    "PVtQkrTDG/LGKXVm3I61BPA6CvA6wr18T07HUH4qSkHpOKdjPbeaxOd4x7iTk/IRv71FbV"
    "w2rERn3Ez46K/p1qBCggrZbRUSUhEqSEUwrBmQuYl1YdZWkIrQinSlzriQ2UJoF4icGhgr"
    "iQ7AXUMV2B2MRfDZNt5E9MiYebY06EdGTK6UGIQXC6kxkG8B+RYNtc2bm28RHwCdfZ4cnx"
    "z7PDYnqiwLTX2I6zy4UR4OQnFg1wKwvmrMReEI17BGaijQQWOxEt1gxGyNBpZtLUbtO2C8"
    "1G0rQjW/6qfzXO6OzIituJboIMbl+5dakZ7QYnwXM8yNdryVAEzfAvC2xKN/1BL9zCbYdh"
    "1dGft8F11cDhx1TXbU/ekzzzfKaV1LdM89V37GsMpN5TPmGuksCaEaNfGjbwb1RBLKxxlT"
    "Ru/nTKe65B9hE5er8RSb1ZXWHmMzc2xiyXkqX90U9LQo4G6A+zLAaMR7jYkA7zXf7t+B9+"
    "qRG4fITVdVszELdiXluredlq/fE5eMBVN4mMz/pBR8AqV/AmPmU90ukEPFX0k0YzjUYzsz"
    "HAvsCWfsLALcNgYlOyKcEoMyCBt7ry/GTHcqdLZDPSYCPnVjn3pYRm6HlJKkJDghmuyEiD"
    "ShHSrvxgRhjJs8xhy7muHNCSuE7TuwaFbt+4A6B1/FFwTnncJ5p82k+e153mnMvKdBBWCN"
    "OzEUfPXTe+LiDIZ9iPmF7KRjgCeNkOgMqD1xSp861UWsouzJPaFKZWt2ESl17uW+KIVUWG"
    "UMdwypOpjIEWw5bOQYstsZyVZ0lGmVacOQLFyfHyqbl9wS2kvjEYZjgx/EywcJTJDA1IyN"
    "vt+eBKZhUPX+PWNZSkOyQa7KEFbQ92TbQgpDbzgjKDo9As2Xh74gMcMCyXnjCa4OfQn6RA"
    "fkyfSJ/DNC8p8csQWhcnAiuUebx8iU371ekdEcIBM7TCCt0+gFwseYHzoDWs+eWg8ceVKD"
    "cxmOPOnokSfNxrr8M09i67QB0EmpDgJd2qTeUDsfSC2KFb3TKUXJmng5KpFsaEWF+LYrRG"
    "dICSAlgA44o7bSWGz5n5wX/NH3yJFKC3eZUl241CQCNaaPCLXlj/nkDw4Hz35XZ+X9PHyB"
    "Lj9cIbVFbapFVT0Eks/boO5A8nnJLh5IPq+6RLOiF5ilRMdEAOWCGqTcE/5iuiS9vKm8lu"
    "kgzuVrj8G2uolwNsF5JdAMfnOn6OaQltp1rhOUIag2j2Y8Y5xQK7AQTL+itCx8SU3+ksLR"
    "kkbgjuMcSsIoN3qUXTlWOzGA44Iwxk0eY4/MJYrWiEyYp1F9Mt0AG3I7eQMaNrBlOwPmRM"
    "5wOrWMnSybggDvJryQovBVLFGQogApCs0k8pSWorA8qmxvPnnq2MiOoF4pT/qMeM541tME"
    "9cI7/bx4Hl63KZUODSGxJvKes/1E2cTnLji+KwkwqI/KAOGweQfRPTo8LOKIOzzM9sSpe+"
    "naKVQQqtGL84qnrETqjy48jCpcWhzhQWkqX/4P/gBPig=="
)
