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
        CREATE INDEX "idx_thread_root_platfor_2d972e" ON "thread_root" ("platform", "room", "message_id");""",
    "postgres": """
        CREATE INDEX IF NOT EXISTS "idx_thread_root_platfor_2d972e" ON "thread_root" ("platform", "room", "message_id");""",
}

DOWNGRADE = {
    "sqlite": """
        DROP INDEX IF EXISTS "idx_thread_root_platfor_2d972e";""",
    "postgres": """
        DROP INDEX IF EXISTS "idx_thread_root_platfor_2d972e";""",
}

MODELS_STATE = (
    "eJztXWtz2zYW/SsYfVlnRk0d2bHddmdn7MTpepvEHsfddppmGEiEJNYUoZKgH+3mvy9AkR"
    "QfIEVIJA0ydyYfYgKXpA5A4Nwn/h4sqEls7/npjDgmvmBkcU3vB9+jvwcOXhD+H3mHIRrg"
    "5XLdLC4wPLZXEoQwy5kZOBAxLC4TCIw95uIJ412m2PYIv2QSb+JaS2ZRh191fNsWF+mEd+"
    "Q3WF/yHetPnxiMzgibE5c3fPzEL1uOSR6IF/25vDWmFrHN1Otbpnh2cN1gj8vg2oXD3gQd"
    "xdPGxoTa/sJZd14+sjl14t6Ww8RV/mOIixkRt2euL15fvF34o6NftHrTdZfVKyZkTDLFvs"
    "0SP3dsrK8NDOP95Y3x4fzGMAYKAE2oI8Dlr+oFv34mXuGb0YvD48OTg6PDE94leM34yvGX"
    "1aPXwKwEA3je3wy+BO2Y4VWPAOM1qHQy8V2XOBOSB/fVHLtydNNSGZT562dRjjAtgzm6UI"
    "LzYNAUygv8YNjEmbE5//NwvwTS/55ev/r36fXe4f4z8UDKv4PVt/I+bBkFTQL1NcrMYrYE"
    "4BvyUDB9Y4GmsF1/ty1M4hI4b85/vRF3Xnjen3YSxr13p78GCC8ew5a3l+9/jLonYH/19v"
    "IsAzc2TWIa40eVKZ2U2Qr0cLbqgnl6So9evqwwp3mvwkkdtMlgxiwP82sOE7MWpAzqlVwG"
    "ajMUfB79p3vAl032i3fnH25O312lZvzr05tz0TJKzfbo6t5RZkjim6BfLm7+jcSf6LfL9+"
    "cBmtRjMzd44rrfzW8D8U7YZ9Rw6L3B4U9gEl2OLqVGONr/lbbetNDmLbgDC1gdu7DgNdNb"
    "6SYcIpbH+A11iTVzfiKPAdQX/KWwfNMNud271Z1CYtcxlL9EMym6uv64XXwfM8LMBOMg8J"
    "9O2Gp9P/3w6vT1+SBAe4wnt/fYNY0U7KKFjmjmStw337QYLbJXsMMZsRn+EPHaEbX2PLIY"
    "249FzDvRXMq7cdixfrL9cbC0MZtSNyDyLqWLwScg4E9IwJPDUZWrJGV6QRDTZOVgVIGrHI"
    "wKqYpoSjOVYJ4rABz17yG4jTBBGzszny+JKhgnZdrDeTB121EiTyqgfFKI8Uleg1yQv6ij"
    "hHBSpkWEz32XLsm3V9i1vHawPjqsAPbRYSHaoikNt9iTVaCO+rcIM3lY2tbEYu1A/OKoAs"
    "QvsrrKGmLRlIbYIQ/McPzFmLgKtCIj1Z528UJrfrGGdUq4bs3oLXFU5m9aqsVZ3NUFwiNM"
    "6CBeHuT/fLh8Lwc5KZO1e1gThv6HbMtrbAIP/jn1nYnAEY19y+Zv4j0Xj/1XU0NQArnAqN"
    "zqlzXwDdPGDXGDrNVv4hIB2RYGqbRkDSYp3Shgn2xSBbb0MhrUui29pWVttF/FU8F7FXP5"
    "/cBXkbNNFZtPEuZf37Qkn9pZKPbmp2vC9VTxA/PYRwYRcYt+GavSepF1RwyX+o4p2ShUgH"
    "rLb3Qt7tNjsEKz3o5I9dICmsFJsF9vbi13hiq6UY/RWnJllHrY3hGrq/A2PUZKcBtjSe1d"
    "obrh97nit+kZVI36DaJ9UOY0SOyRJR4D0csgd2SlAW90GgxOl0vimN9Qx35ENp0hOkVc2n"
    "1EJplYntASgps9H2RQUxKsOdrnzJp9Lf6G70ajg4Pj0f7B0cnLw+Pjlyf7sWEg31RmITi7"
    "+FEYCVL8b7NXwvPHf5CJhN0V0+yESItEO1reO2sFUzaA7Wb70ixYom7r1y3/HSqTNurfQ0"
    "dP/V60FfFUMouTgskKIVVyRxrfSL2QXFVcDxISYAzPLgdbxKaBCVB/E6CgLSqG96g/GN1r"
    "N7pHkUpqIYIZKYgR3BwjmAwJ2zFIMBOG1jGcq0YJZuaYTmGCr31SoOyHLcMyVd/0SUUVn6"
    "vk2LQthyDqIpcsxIi5HK05QWJJHGOPIJfeI8sLrnEU2XwY/NebzInp28RFgZ5/j2+Jh/yl"
    "xBrQzDM2Gw4+cg6Jmb+KMOFd+cbNe3yMGb1LpqvIRrAuaGddAC2tyVhHPvGV5nYo0KdNuJ"
    "X5neCjq/VHUdVYS7WjbrS5zvRJ21jvM5VNobFEe6mRwigf5pB00Q4KKt023xLEUYERRWVZ"
    "U4jzaVL/OXeYW5QjFbcNy3SgyO1jENG9kjpUPMhQk0CvlChQDxrcaFt34ugNcCNeHEYeJH"
    "tnSbWHsH8v8G272ENHXGbar8daeM008/h2ne/JAiHVPDUZKfheNntqkiFJO3pq+hl1Osx4"
    "ajJzTCdPzYUzpg8FmkrcNizTVCzRq5q/5jwIoxQCvmOuoiiHaDWYaMwbmIeizH9kmUN0S5"
    "aMtzPLRnPsmDYx8/6Zmu65sZJEcGcxgDtVkwAXTFsuGCg70YIrJv4oFEBOyvQQ5Eb0rSV+"
    "tCmWwFxsP06I7GRC7g5hbcRWHO4RkpWcUptgRw5+QioD/piLNTXH4yvt4n52efk2hfvZRV"
    "ar/fnd2fn13otgEHgnixX4GV0yIdbdVqb5jCjY5rXT1TSxzacyTSWsN5uJWsx818mv1ejv"
    "KRISSAwr3wJRIImogzCKFITv0f2cikiiCbb5+oE4fMPokscpq40YRWMSNsuClRp4gpQaJ6"
    "P1YvUmTN2AemtPWm8tMxrVEZZIgjlEsktF5RmVAc4LQopTHl7+o3xJ/YtiqhsL6BErIZ7X"
    "m1gJU1qSrSRsRV6ODYZi96Hwbq3lUqaKlBRkWovAgNQ/IBrGzfXKlc/hcplyofu0VA+Bbs"
    "TEFKGmrnmnJUHx1k7xhnQ2SGd78q+ny+lsYcmty/hQoALTkbTfsMr5U+nzhjabkq5EUlks"
    "s8pGiwtBiYw1m6F7SySiYcdctfpjTr7mxEQLy/EZ8fLWo7puKjUYJY6ASPxYMBXB2ViV9Y"
    "mm9IamD8cyLW/i89VNSXVLCYHyVrvyFi5Y+SEpjmJNiPRg1rcdxhqit4WCkZaEIEyd9Qs4"
    "UAsO1NJPt9D3QK0YfnuDUhH1qKROuNSuqEj8MqdoTvmbIoyEFMIMUVHrIiZ5P6Al9oQv+Z"
    "73cUnA++ecCVD3kV9kQa1U5BJsSjSK2u+uoFqIOSBgABUDVIwnJ1tNqxjRB18V4Kh/D63j"
    "kFHYSfcDcbeL+0sJgvMBlIMOjCkoB6AcKCkH5YpBNaWgmj5wisLuP6DPHuHjyOfHZzSjQe"
    "U6Qd9XpfAnc+zMgihR4pjY9dDC5yzeIwTtefwt0WffMj8/kwWo1n37jdGpBUGp6U7rwAz+"
    "QMWyeqAj7KgjtF0iXreFqu4Ayi4cINZxtipCXpSZaiQELFVrlkpkxXnKh5ZI6/PAwOo1sN"
    "05Yrq11bH+c2N9tWxgHxKBVTYe6s6wY/2lZo1KCQHSFVOubSyzWRdHB8QCfTgJpu3gANf1"
    "FQ3YkUAf0G6HsUKuQqO5CqE1Q0GNTYq0p8juNwVwzVqsOKhzixzWtBTkV8qKLKzOsDDodO"
    "oRJlkUiqMSZbIQnFi+HW6Tdeni+/ywlJYciUSg3ohCvRGoBL4VA+ya4u8vzS2HOS0Jw6z1"
    "MENuG+S26eli3jG3LYH8TDhEDb6hLXY8xP40uNMFv1G/oE+by+I4wh3RKsrs6yNoIjawHr"
    "gSMcu9BMq7W9YEFL9Tj4FyqDTTSgmoIAfoPb9Rz3BqI34onF0lMUTr+VchuYB3DnpuDiZi"
    "TGwyfLlEU+pmIv/R3u+D3wdBAxZN39DpNIoOkkUO7XYvtcSBMH4XUgcgdaCyTaop21PTqQ"
    "MQ3d689wU73r0axmuJHmJ8UgHhk0J8T+TobmXfyYiCgUdrAw/kD0D+wNNT9mGH8gfERu3N"
    "rWL6n+ywgf1HXStx/2KUNwbsA/nWgHwDK2yeFRYY2kq875EAuNxTlKUOlztfzKw7iaZZ6n"
    "RfC7Xodo+Wmc563f+glrMVW08JQh0gnan6k8TaazaeTYfag78b/N16qkQ613JNOZJkOlHW"
    "07TZIyL8W/VrRaD/gPNB+snncO6s74FTiDlVs4vHEqBlVtMyGXmQEO3iPKaofy/wbTuP6d"
    "61hJ96C90mLQmOCK21G3BEgCNCP9atryPicvwHCYyHBZw71V5KuWnUswkvRHTYAXghNGHh"
    "4IVowQtBsLf6nKoyxLVELzBumyPeEdezZIgXLhcJCaANEocCJLc3nNzOn+Rtdyp7UhA8Nj"
    "rrNPxW1N6uBm9GFMa5E+Osvg/JRKHCgqR0RXSQupJSkJGCnX6zgSCpsO1oIbgKb9VvE0Fm"
    "jmllI/DZmD4UGQjixmGpdSDoVsk0MHhHPI+/iTjYcGKZxESWgzAHDTseDiwMQ95iW3ciPB"
    "zhKSOu+I1ecAIicgkfD9kZirXdtWaH4Jk1+1qsEd+NRgcHx6P9g6OTl4fHxy9P9uNVJ99U"
    "tvycXfwoVqDUTr3ZZnFLlE6rDrvXo4Y8LfwNh7ssbcym1F2ooJuU6aGmdzCqAPLBqBBk0Z"
    "SNSaVKAEf9ewhuM97YuTjMylBcJNJSEBtXYbHAjzbFSieuJkTaj69+GuW1kUhqHa1x+ZCZ"
    "JXHM0LfYRYscZowslrLifcWBnwkRKDeZ1dkd8sCMEKItTGAScYjh0NoOZhPsEcN3mCUxH5"
    "QPdkYU7J06j7NHHCY1xJXsR2uR/nGtRmitjT1mENeVBXMWO5LTUj2o1dG2Kxnql349S9g2"
    "R2M6NXIRzRa1ro9vzqvxNFb3K2rbp0ERlALLe7rDsMz6HtReXxeuqT06j98+GDuIzIPIvC"
    "dff1ogVZM5taSVS4ttWAkRqBFQu2ULCk31eEPOnT2iFryxloDAjQqBG+FevmPQxg3/VARB"
    "6XnQxnpu6RSwcUU9qySnI9m8gTauOjbCGfMZHcN1PDVQSKCQ/aaQkGvQQK6BYlGAwk2sD7"
    "O2gVyDTuQj9caETJdMukCUFLmIJXoAd2Y2j6qUJua9iufzKF+eWF1ZBJut9iqiSybUNblC"
    "P1aK5MqIgXux2mHMkFABCRV66ub6JlQkB0Cmn6fHp0Q/T8yJJus+h6f2glL+lEq58oHLO5"
    "61rNt3X7e6yCxmKxZBDQV6qCw2wg3G1JQwsGJtMerfA+WlbV0RyvU1P50XfHekStGKa4ke"
    "Yly/fakT6Qkdxnc5x57SjhcLwPStAG9HLPovOsLPTIJN25LVqS830SXlwFCns6HuT5+6vl"
    "JO61qif+a5+jOGRW6qN6e2EmdJCbXIxF98O2rHk1A/ztihzuOCyqhL+Rk1SbkWj6mJr3T2"
    "nJq5ZRKDz1P+6qqgZ0UBdwXcVw5GpbjXhAjEvZbr/VvEvbrkziJ80xXlatScXWm5/m2n9f"
    "N7YpMJowIPlfmfloJPoPZPYEJ9R7YLlITixxJ6DId4bG+GY4ldZk2sZYBbblCKPcIZMSiD"
    "kNt7fTahC8naU2xQT4iATV3Zph7WidsipSQtCUYInY0QERPaorRuQhDGWOcx9rAtGd4St0"
    "LYvweLZtO2D6hz8FV8QXCgKRxoqmeY344HmibUeyco8SsxJ4aCb366JjYuiLAPMT/nN+kZ"
    "4GklJDrkaUecssdK9RGrKHtyR6gy2Zp9REocbLkrSmEorFCGe4ZUG5HIEWwl0cgJZDdHJB"
    "vRWaVNpg1DsnB7dqjiuOSOhL1ojzCcC/wkVj5IYIIEJj02+mF3Ephugqr315QWkYZ0h1LK"
    "EFbQd3nfSoRhcDMnKDo9Ai1Wp7ogNscM8XnjMk+c6hLcE+2R57Pn/M8IyX94iC6Jwwcnkn"
    "uWPyem/tvLiUzi/IvoqIbEYQJZTiMXCB8jZsgnYD1tsh448qQF4zIcedLTI0/0xrr+M08S"
    "67QC0GmpHgJd26TO0c4nokWJoncyUpSuiVdCiXhHIyrEt5kQnSIhgIQA2vOoYwrGYvJ/fF"
    "54z35AFictnk0FdfE4kwhozBARx+Q/5nd/tD86+iQOw/v55hW6+HCJxBaVp0VNPQSSz7tA"
    "dyD5vGYTDySfN12iWYQXqKVEJ0QA5YoMku8Jf1FZkl7ZVF7L9BDn+tljsK3mES4OcI4F9I"
    "hv7lW4OaSl9j3WCcoQNJtHM5lTjzhGoCGofkVZWfiSdP6SwtHiSuCW4xxKwihrPco2H6ut"
    "IoCTgjDGOo+xSxYcRWNMptSVUJ9CM0BObitrgGYDW7cxYEH4DHdmhrKRJS8I8ObhhRSFr2"
    "KJghQFSFHQM5CnthSF1VFlO8eTZ46N7AnqjcZJnxLXmswHEqde2DIs8+fhdZ9aw6HBJaZj"
    "3HOxnag48LkPhu9GHAzio1JAOOzeQ3Rf7O9XMcTt7xdb4kRbtnaKw4gj4cVlxVNikfa9C0"
    "9DhWvzIzxpmMqX/wM/cgaW"
)
