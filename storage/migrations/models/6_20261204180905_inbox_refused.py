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
        ALTER TABLE "inbox" ADD "refused" INT NOT NULL DEFAULT 0;""",
    "postgres": """
        ALTER TABLE "inbox" ADD "refused" BOOL NOT NULL DEFAULT False;""",
}

DOWNGRADE = {
    "sqlite": """
        ALTER TABLE "inbox" DROP COLUMN "refused";""",
    "postgres": """
        ALTER TABLE "inbox" DROP COLUMN "refused";""",
}

MODELS_STATE = (
    "eJztXW1z2zYS/is4fTlnRklt2Unc9uZm7NRpfW3ijKNeO006DCRCEmsKUAnQL+3lvx9AkR"
    "JJgRQhkTTJ7ExnGpNYkHoAAvvy7OLv3pzZxOXPzqaE2vhSkPk1u+t9g/7uUTwn8h/6Bn3U"
    "w4vF+ra6IPDIXUoQIhw6tXAgYjlSJhAYceHhsZBNJtjlRF6yCR97zkI4jMqr1HdddZGNZU"
    "PZwfqST50/fWIJNiViRjx548Pv8rJDbXJPePTn4saaOMS1E6/v2OrZwXVLPCyCa5dUvA4a"
    "qqeNrDFz/TldN148iBmjq9YOFeqq/DHEw4Ko7oXnq9dXbxf+6OgXLd903WT5ijEZm0yw74"
    "rYzx1Z62s9y3p7NbTeXwwtq2cA0JhRBa58VR78+ql6haeDo5OXJ6fHL05OZZPgNVdXXn5e"
    "PnoNzFIwgOftsPc5uI8FXrYIMF6DysZj3/MIHZNNcF/NsKdHNymVQlm+fhrlCNM8mKMLOT"
    "j3elWhPMf3lkvoVMzknyeHOZD+9+z61Q9n1wcnh0/UA5n8DpbfytvwziC4pVBfoywc4WoA"
    "HpL7jOm7EqgK2/V3W8MkzoFzePHrUPU85/xPNw7jwZuzXwOE5w/hnZ+u3n4fNY/B/uqnq/"
    "MU3Ni2iW2NHkymdFxmJ9DD2doUzJNTevD8eYE5LVtlTurgng5mLDZh/k7CJJw5yYN6KZeC"
    "2g4Fn0X/aB/weZP98s3F++HZm3eJGf/d2fBC3RkkZnt09eBFakhWnaBfLoc/IPUn+u3q7U"
    "WAJuNi6gVPXLcb/tZT74R9wSzK7iwJfwyT6HJ0KTHC0f5vtPUmhbZvwS1YwMrYhZVeM7nR"
    "bsIhYpsYv2Yecab0R/IQQH0pXwrrN91Qt3uz7ClU7FqG8udoJkVX1x+3h+9WGmFqgkkQ5E"
    "8nYrm+n71/dfbdRS9Ae4THN3fYs60E7OoOG7DUlVXbzVvzwTx9BVOpEdvhD1GvHanWnJP5"
    "yH3I0rxjt3P1bhw2LF/Z/tBbuFhMmBco8h5j897voIA/ogIeH46iukpcphMKYlJZOR4U0F"
    "WOB5mqirqV1FSCeW4AcNS+g+BWogm6mE59uSSaYByXqQ/n3sSrx4g8LYDyaSbGp5sW5Jz8"
    "xagRwnGZGhG+8D22IF+9w57D68H6xUkBsF+cZKKtbiXhVnuyCdRR+xphJvcL1xk7oh6Ij1"
    "4UgPgobausIVa3khBTci8s6s9HxDNQK1JS9VkXR43WL9awToi0rQW7IdRk/ialapzFbV0g"
    "OBHKBuGbIP/n/dVbPchxmbTfwxkL9D/kOryyCdz718SnY4UjGvmOK9+EP1OP/XdVQ5ADuc"
    "Io3+uXdvD1k84N1UHa6zf2iIJsB4dUUrIEl1TTVMAu+aQyfOl5alDtvvSalrXBYZFIhWyV"
    "rcsfBrGKDd9Utvsk5v71bUfzqZ2HYq9/vCbSTlU/cBP7yCGiuuiWsyppFzm3xPKYT23NRm"
    "EC1E+yo2vVT4fBCt16eyLVSQ9oCiel/fKZs9gbqqijDqO1kMYo49jdE6t3YTcdRkrpNtaC"
    "uftCNZT9vJPddAyqSuMG0T6oCxrE9siciIFqZZFbsrSAtwYNemeLBaH2U0bdB+SyKWITJK"
    "W9B2STscOVlRB09qyXQs1IsGS2z7kz/VLiDV8PBsfHLweHxy9On5+8fPn89HDlGNi8lech"
    "OL/8XjkJEvrf9qgE90d/kLFGu8tWs2MiNSra0fLeWi+YsQNsP99Xw8gSZXu/buTvMJm0Uf"
    "sOBnrKj6ItFU8jtzjJmKxAqdIH0uRGykPlquB6EJMAZ3h6OdiBmwYuwOa7AJXaYuJ4j9qD"
    "0710p3vEVDKjCKakgCO4nSMYp4TtSRJM0dBahnNRlmBqjjWJJvidTzKM/fBOP8/Ut31S0M"
    "SXJjm2XYcSxDzkkbkaMU+iNSNILYkjzAny2B1yeHBNoihm/eCffDwjtu8SDwV2/h2+IRz5"
    "C403oJpnbHccfJA6JBb+kmEim8qNW7b4sNLoPTJZMhvBu9A47wJYaVVyHeXEN5rboUCXNu"
    "Fa5ndMH12uP4amxlqqHnOjznWmS9bGep8p7ApdSdSXGqmc8mEOSRv9oGDS7fItAY8KnCgm"
    "y5oBz6dK++eCCi8rR2p1r59nA0VhH4uo5oXMoexBhpoEzUqJAvOgwo229iBOswGuJIojyL"
    "1m78yp9hC27wS+dRd7aEnIrPHrcSOiZg2L+LZd39MRIc0iNSkp+F62R2rilKQ9IzXdZJ32"
    "U5Ga1BxrUqTmko7YfYalsrrXz7NUHNWqWLzmIqBRKgGf2ksWZR8tBxON5A3BUZT5jxy7j2"
    "7IQsj7wnHRDFPbJfZmfKakPrdWkgh6VgO4VzUJCMHUFYKBshM1hGJWH4UByHGZDoJcib21"
    "wA8uwxqYs/3HMZG9XMjtUVgr8RWHe4RmJWfMJZjqwY9JpcAfSbGq5vjqSr24n19d/ZTA/f"
    "wybdX+/Ob84vrgKBgE2cgRGXFGj0x8box2TArQNkJ7TJzbnQIhKVGIhDTOMm5IJCSR16ux"
    "MdJ5v9l2xjrVuJixcYaUBFLDKhUOFEgiRhFGkTn2DbqbMcXbGmNXrtZIwtePLnFpILhIMD"
    "Qi4W0dNayCJ2gNkTg3cmVMhokyUN3uUavbpUajOMIaSXA+aXapqBimMcCbgpBQtgmv/FG+"
    "ptpItmGxEmgGM0U9rzPMFFtbAC+HJKQvfgdDsf9Q8BtnsdCZIjnlr9YiMCDlD0gDWYqdIk"
    "5IuDxhfKxAUqqDQFfi0ItQM7e8k5JgeDfO8IbkQUgefPSvp83Jg2GBs6vVEUwZriNtu36R"
    "076SpzttdyW9Uyl8K5ll7t+q7JbKD3QFunNU2h+m9vKuP5LK14zYaO5QXxC+6T0qq1Otwy"
    "h24Ebsx4KrCE4iK2xPVGU3VH0Ume3wsc+1UaQcQzouBMZb6cZbuGBtDkk2Zzgm0oFZXzdp"
    "OERvBwMjKQmU1ybbF3B8GRxf1jzbornHl63gd7cYFVGLQuaEx9yChsQvM4ZmTL4pwkhJIS"
    "wQU5VFVkret2iBuYol38k2Hgn0/pnUBJj3IC+KoDIt8gi2NRZF6b0bmBZqDigYwMQAE+PR"
    "la2qTYzogy8KcNS+g95xyN9sZfiBeLvx/hKCEHwA46AFYwrGARgHRsZBvmFQzCgoZg+cob"
    "D5t+gTJ3Ic5fz4hKYsqBOo1PflwQPjGabTgCVKqI09jua+1OI5IeiAy7dEn3zH/vRER1At"
    "u/ut7NQMUmqy0ZqYIR9oWMQQbIQ9bYS6C/I3baEqm0DZhuPaWq6tKsqLsaYaCYGW2mgtle"
    "hKIeUPLdFWQ4KBbdbAtudA79pWx/JP6fXNcq99SLs22XiYN8XU+cvMG5UQAqQLJri7WOez"
    "zmYHrAS6cO5O3eQAz/MNHdiRQBfQrkdjhVyFSnMVQm+GgRkbF6nPkD2sCuCSrVh1LOoOOa"
    "xJKciv1BVZWJ4YYrHJhBOhWRSyWYk6WSAn5m+Hu2Rdevhuc1hyS45EIlBvxKDeCNRd30kD"
    "bJvh7y/sHYc5KQnD3Ohhhtw2yG1rZoh5z9y2GPJTFRC15IY21+ht56H06x+viRtQJ3OAD3"
    "q6lB11C/qku2zFI9wTrazMvi6CpriB5cAV4yx3Eih+uygJKNlTh4GiTJtpZQRUkAP0VnbU"
    "MZzq4A+FsyuHQ7SefwWSC2TjoOV2MpEQapORyyWaMC/F/EcHH3sfe8ENrG49ZZNJxA7SMY"
    "f268sscSDk70LqAKQOFPZJVeV7qjp1ANjt1UdfMOV3ZhivJTqI8WkBhE8z8T3Vo7uTfycl"
    "Cg6eRjt4IH8A8gceX2Xvtyh/QG3Ub+WwZqr/8QZbtH/V1Ao6KKT8D2cEqdZSI1/KIldl+t"
    "6pwtSjh74qS62SfSkRd8y74aoINZeNbbwQxJN/eo5YdsCRQ9GKXZMwCip4xkfKJsixuRKc"
    "c+LeynsHQzmiUw/P+0F3wTx2xvIxoxljN0++QVPnllCkBk2Vz1aSKpchIPw+9Rd9xNlHKm"
    "byEkZyOVSXka1yHqRhjITvyUcTtnDJsgc505h6g2fowsOc2OrQoE//kLaNNF2ezsmnYqcD"
    "gQnTABMGjvyp4cgfMGCqN2CiZb8owlH7DuJ7NChivshW2eSxwYYJ064IdZ1LdNvtlw09+z"
    "FVQT5zsj3B8QYFVEHVtJAmmD3UW3M3QYlpgBID+2v1+2tGzDWHiBkJAPsysfqXwb6Ui5m0"
    "5zTxyjz+5VqoRgZmtMy0loD5B3PoTmpPQhBKQjZN63n0tMuGjWfVWZdAfQTqYzO9400u65"
    "/gFOlsojTpaDs5RlGdyreKwP4BHor2k9/AubU0FKlCzJgZRWIlAVZmMStTkHuNop2d0h61"
    "7wS+dae0q+CiIHQH2yYpCZyURls3wEkBTkrztO7mclKuRn+QwHmYoXMn7ueq3CxqWUUUIj"
    "r3CqIQDdHCIQpRQxSCYL78nIpqiGuJTmBct454Szzu6BDPXC5iEqA2aAIKUOeo4jpH8kl8"
    "p4hNQhAiNk22aWRXzN3tOIaUKIxzK8bZfB/SiUKxLU0Vs9COMPMPpKRgp9/uIIgbbHt6CN"
    "6FXXXbRZCaY43yEfhixO6zHASrm/1c70DQrJBroPeGcC7fRJ1xPXZsYqtkECxBw5TjwMPQ"
    "l3dc51ZlCiI8EcRTv5EHh2Ejj8jx0B2nXVqv2wOCydQPj7Hg/5xQoUbX7DiLc2f6pTgrvh"
    "4Mjo9fDg6PX5w+P3n58vnp4WpR2ryVtzqdX36vFqjERr7dpXFDNDSCbEMlbF6OlfK48FfM"
    "hoG0mxrSbqJVpijAUfsOgltNsHamjj21DBeJpBRQ5wosFvjBZVizEWaTr2Mi9dOvH8e2rY"
    "Ro3URn3SajZkGoHYYe2+iww0KQ+UJX5jmbFxoTgcLkaZOeknthhRDt4CHTiAPFo9FuMpdg"
    "TiyfCkfjXcgf7JQouEObPM6RvWyyH61FuqdrVaLWqgIdFvE8HdczO86clOpAVbe6I81Q6f"
    "7LWcJ2OUSdlqiLNGxRa/v4NqSCwDvmumdBubwMx3yyQT/POR+c0rMucVg6eU92H4wdEPeA"
    "uPfo608NStV4xhxtjftsH1ZMBEoIlO7ZgpKkHd6QN06pM+N2rCWA11GA1xHu5XtyOobyU1"
    "EKSsc5Heu51SQ+xzvGnZyUj/jtLWrjsmElOuNmwkd/TbcGFRJUyG6rkJCKUEEqgmHNgMxN"
    "rAuztoJUhFakK3XGhcwWQrtA5NTAWEl0AO4aqsDuYCyCz7bxJqJHxsyzpUE/MmJypcQgvF"
    "hIjYF8C8i3aKht3tx8i/gA6Ozz5Pjk2OexOVFlWWjqQ1zn0Y3ycBCKA7sWgPVVYy4KR7iG"
    "NVJDgQ4ai5XoBiNmazSwbGsxat8B46VuWxGq+VU/nedyd2RGbMW1RAcxLt+/1Ir0hBbju5"
    "hhbrTjrQRg+haAtyUe/aOW6Gc2wbbr6MrY57vo4nLgqGuyo+5Pn3m+UU7rWqJ77rnyM4ZV"
    "biqfMddIZ0kI1aiJH301qCeSUD7OmDL6MGc61SX/CJu4XI2n2KyutPYYm5ljE0vOU/nqpq"
    "CnRQF3A9yXAUYj3mtMBHiv+Xb/DrxXj9w6RG66qpqNWbArKde97bR8/Z64ZCyYwsNk/iel"
    "4BMo/RMYM5/qdoEcKv5KohnDoR7bmeFYYE84Y2cR4LYxKNkR4ZQYlEHY2Ht9MWa6U6GzHe"
    "oxEfCpG/vUwzJyO6SUJCXBCdFkJ0SkCe1QeTcmCGPc5DHm2NUMb05YIWzfgUWzat8H1Dn4"
    "Ir4gOO8UzjttJs1vz/NOY+Y9DSoAa9yJoeDrH6+JizMY9iHmF7KTjgGeNEKiM6D2xCl96l"
    "QXsYqyJ/eEKpWt2UWk1LmX+6IUUmGVMdwxpOpgIkew5bCRY8huZyRb0VGmVaYNQ7JwfX6o"
    "bF5yS2gvjUcYjg1+FC8fJDBBAlMzNvp+exKYhkHV+2vGspSGZINclSGsoO/JtoUUht5wRl"
    "B0egSaLw99QWKGBZLzxhNcHfoS9IkOyLPpM/lnhOQ/OWILQuXgRHJPNo+RKb97vSKjOUAm"
    "dphAWqfRC4SPMT90BrSePbUeOPKkBucyHHnS0SNPmo11+WeexNZpA6CTUh0EurRJvaF2Pp"
    "JaFCt6p1OKkjXxclQi2dCKCvFtV4jOkBJASgAdcEZtpbHY8j85L/iTb5EjlRbuMqW6cKlJ"
    "BGpMHxFqyx/z0R8cDl78rs7K+3n4Cl2+v0Jqi9pUi6p6CCSft0HdgeTzkl08kHxedYlmRS"
    "8wS4mOiQDKBTVIuSf8xXRJenlTeS3TQZzL1x6DbXUT4WyC80qgGfzmTtHNIS2161wnKENQ"
    "bR7NeMY4oVZgIZh+RWlZ+JKa/CWFoyWNwB3HOZSEUW70KLtyrHZiAMcFYYybPMYemUsUrR"
    "GZME+j+mS6ATbkdvIGNGxgy3YGzImc4XRqGTtZNgUB3k14IUXhi1iiIEUBUhSaSeQpLUVh"
    "eVTZ3nzy1LGRHUG9Up70GfGc8aynCeqFd/p58Ty8blMqHRpCYk3kPWf7ibKJz11wfFcSYF"
    "AflQHCYfMOont0eFjEEXd4mO2JU/fStVOoIFSjF+cVT1mJ1B9deBxVuLQ4wqPSVD7/H1T1"
    "w48="
)
