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
    "gQnTABMGjvyp4cgfMGCqN2CiZb8owlH7DuJ7NChivshW2eSxwYYJ43PimWIcl+keC7ICZn"
    "qrWAB1boNttxE3bJnHVLf5zMn2tscbFFC3VdNC2nb2UG/NjwVFsQGKIugw1eswGXHtHLJr"
    "JAAM18TqXwbDVS5m0mbWxITzOK5roRpZrtEy01qS6x/MoTupPQlBKLvZNK3n0VNbGzaeVd"
    "sPQC8FemkzIxBNPjohwdvS2URpYtd2ApKik5VvFYH9A1wf7Se/gXNrqT5ShZgxMxrKSgKs"
    "zGJWpiD3GkU7u2xA1L4T+NZdNkAFcAWhO9g2SUng/TTaugHeD/B+mqd1N5f3czX6gwTOww"
    "ydO3E/V+VmUcsqohDR2WIQhWiIFg5RiBqiEATz5edUVENcS3QC47p1xFvicUeHeOZyEZMA"
    "tUETUIBaUhXXkpJP4jtFbBKCELFpsk0ju2LubkdepERhnFsxzub7kE4UCpppKsWFdoSZfy"
    "AlBTv9dgdB3GDb00PwLuyq2y6C1BxrlI/AFyN2n+UgWN3s53oHgmaFXAO9N4Rz+SbqHPGx"
    "YxNbJdxgCRqmHAcehr684zq3KhsT4YkgnvqNPDhwHHlEjofuyPLSet0eEEym13iMBf/nhA"
    "o1umZHhpw70y/FWfH1YHB8/HJwePzi9PnJy5fPTw9Xi9LmrbzV6fzye7VAJTby7S6NG6Kh"
    "EWQbKmHzcqyUx4W/YjYMpDbVkNoUrTJFAY7adxDcaoK1M3W0rGW4SCSlgDpXYLHADy7Dmo"
    "0wm3wdE6mffv04tm0lROsmOus2GTULQu0w9NhGhx0WgswXulLa2bzQmAgUf0+b9JTcCyuE"
    "aAcPmUYcKB6NdpO5BHNi+VQ4Gu9C/mCnRMEd2uRxjuxlk/1oLdI9XasStVYVQbGI5+m4nt"
    "lx5qRUByrn1R1phtMEvpwlbJeD6mmJukjDFrW2j29DKgi8Y657FpQkzHDMJxv085zzwUlI"
    "6zKSpZP3ZPfB2AFxD4h7j77+1KBUjWfM0Z4jkO3DiolACYHSPVtQ9rXDG/LGSYBm3I61BP"
    "A6CvA6wr18T07HUH4qSkHpOKdjPbeaxOd4x7iTk/IRv71FbVw2rERn3Ez46K/p1qBCggrZ"
    "bRUSUhEqSEUwrBmQuYl1YdZWkIrQinSlzriQ2UJoF4icGhgriQ7AXUOl3R2MRfDZNt5E9M"
    "iYebY06EdGTK6UGIQXC6kxkG8B+RYNtc2bm28RHwCdfZ4cnxz7PDYnqiwLTX2I6zy6UR4O"
    "QnFg1wKwvmrMReEI17BGaijQQWOxEt1gxGyNBpZtLUbtO2C81G0rQjW/6qfzXO6OzIituJ"
    "boIMbl+5dakZ7QYnwXM8yNdryVAEzfAvC2xKN/1BL9zCbYdh1dGft8F11cDhx1TXbU/ekz"
    "zzfKaV1LdM89V37GsMpN5TPmGuksCaEaNfGjrwb1RBLKxxlTRh/mTKe65B9hE5er8RSb1Z"
    "XWHmMzc2xiyXkqX90U9LQo4G6A+zLAaMR7jYkA7zXf7t+B9+qRW4fITVdVszELdiXlured"
    "lq/fE5eMBVN4mMz/pBR8AqV/AmPmU90ukEPFX0k0YzjUYzszHAvsCWfsLALcNgYlOyKcEo"
    "MyCBt7ry/GTHcqdLZDPSYCPnVjn3pYRm6HlJKkJDghmuyEiDShHSrvxgRhjJs8xhy7muHN"
    "CSuE7TuwaFbt+4A6B1/EFwTnncJ5p82k+e153mnMvKdBBWCNOzEUfP3jNXFxBsM+xPxCdt"
    "IxwJNGSHQG1J44pU+d6iJWUfbknlClsjW7iJQ693JflEIqrDKGO4ZUHUzkCLYcNnIM2e2M"
    "ZCs6yrTKtGFIFq7PD5XNS24J7aXxCMOxwY/i5YMEJkhgasZG329PAtMwqHp/zViW0pBskK"
    "syhBX0Pdm2kMLQG84Iik6PQPPloS9IzLBAct54gqtDX4I+0QF5Nn0m/4yQ/CdHbEGoHJxI"
    "7snmMTLld69XZDQHyMQOE0jrNHqB8DHmh86A1rOn1gNHntTgXIYjTzp65EmzsS7/zJPYOm"
    "0AdFKqg0CXNqk31M5HUotiRe90SlGyJl6OSiQbWlEhvu0K0RlSAkgJoAPOqK00Flv+J+cF"
    "f/ItcqTSwl2mVBcuNYlAjekjQm35Yz76g8PBi9/VWXk/D1+hy/dXSG1Rm2pRVQ+B5PM2qD"
    "uQfF6yiweSz6su0azoBWYp0TERQLmgBin3hL+YLkkvbyqvZTqIc/naY7CtbiKcTXBeCTSD"
    "39wpujmkpXad6wRlCKrNoxnPGCfUCiwE068oLQtfUpO/pHC0pBG44ziHkjDKjR5lV47VTg"
    "zguCCMcZPH2CNziaI1IhPmaVSfTDfAhtxO3oCGDWzZzoA5kTOcTi1jJ8umIMC7CS+kKHwR"
    "SxSkKECKQjOJPKWlKCyPKtubT546NrIjqFfKkz4jnjOe9TRBvfBOPy+eh9dtSqVDQ0isib"
    "znbD9RNvG5C47vSgIM6qMyQDhs3kF0jw4PizjiDg+zPXHqXrp2ChWEavTivOIpK5H6owuP"
    "owqXFkd4VJrK5/8D4Qo1Kw=="
)
