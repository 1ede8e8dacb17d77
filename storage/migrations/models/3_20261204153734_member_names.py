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
        CREATE TABLE IF NOT EXISTS "member_name" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "platform" VARCHAR(32) NOT NULL,
    "member" VARCHAR(255) NOT NULL,
    "name" VARCHAR(128) NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    CONSTRAINT "uid_member_name_platfor_d65804" UNIQUE ("platform", "member")
) /* The name a member last went by, on the networks whose adapters write names in place */;
CREATE INDEX IF NOT EXISTS "idx_member_name_updated_d39bf4" ON "member_name" ("updated_at");""",
    "postgres": """
        CREATE TABLE IF NOT EXISTS "member_name" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "platform" VARCHAR(32) NOT NULL,
    "member" VARCHAR(255) NOT NULL,
    "name" VARCHAR(128) NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    CONSTRAINT "uid_member_name_platfor_d65804" UNIQUE ("platform", "member")
);
CREATE INDEX IF NOT EXISTS "idx_member_name_updated_d39bf4" ON "member_name" ("updated_at");
COMMENT ON TABLE "member_name" IS 'The name a member last went by, on the networks whose adapters write names in place';""",
}

DOWNGRADE = {
    "sqlite": """
        DROP TABLE IF EXISTS "member_name";""",
    "postgres": """
        DROP TABLE IF EXISTS "member_name";""",
}

MODELS_STATE = (
    "eJztXW1z2zYS/is4fTlnRklt2bHd9uZm7MRpfU1sT6JeO006DCRCEmsKYAnQL+3lvx9AkR"
    "JJgRQpkTTJ7Ew+xCQWpB6AwL48u/i7N2cmsfmLsymhJr4UZP6e3fe+Q3/3KJ4T+R99gz7q"
    "YcdZ3VYXBB7ZCwlChEWnBvZFDEvK+AIjLlw8FrLJBNucyEsm4WPXcoTFqLxKPdtWF9lYNp"
    "QdrC551PrTI4ZgUyJmxJU3Pv4uL1vUJA+Eh386t8bEIrYZe33LVM/2rxvi0fGvXVLxxm+o"
    "njYyxsz25nTV2HkUM0aXrS0q1FX5Y4iLBVHdC9dTr6/eLvjR4S9avOmqyeIVIzImmWDPFp"
    "GfOzJW13qGcXU9ND5cDA2jVwCgMaMKXPmq3P/1U/UKzwcHRydHp4fHR6eyif+ayysnXxaP"
    "XgGzEPThuRr2vvj3scCLFj7GK1DZeOy5LqFjsg7uqxl29ejGpRIoy9dPohximgVzeCED51"
    "6vKpTn+MGwCZ2KmfzzaD8D0v+evX/149n7vaP9Z+qBTH4Hi2/lKrgz8G8p1FcoC0vYGoCH"
    "5CFl+i4FqsJ29d3WMIkz4Bxe/DpUPc85/9OOwrj37uxXH+H5Y3Dn7fXVD2HzCOyv3l6fJ+"
    "DGpklMY/RYZEpHZbYCPZitTcE8PqUHL1/mmNOyVeqk9u/pYMZiHebXEiZhzUkW1Au5BNRm"
    "IPgi/E/7gM+a7JfvLj4Mz97dxGb867PhhboziM328OrecWJIlp2gXy6HPyL1J/rt+urCR5"
    "NxMXX9J67aDX/rqXfCnmAGZfeGhD+CSXg5vBQb4XD/L7T1xoU2b8EtWMDK2IWVXjO51W7C"
    "AWLrGL9hLrGm9Cfy6EN9KV8K6zfdQLd7t+gpUOxahvKXcCaFV1cft4vvlxphYoJJEORPJ2"
    "Kxvp99eHX2+qLnoz3C49t77JpGDHZ1hw1Y4sqy7fqt+WCevIKp1IjN4Ieo1w5Va87JfGQ/"
    "pmnekduZejcOGpavbH/sOTYWE+b6irzL2Lz3OyjgT6iAR4cjr64SlemEghhXVg4HOXSVw0"
    "GqqqJuxTUVf54XADhs30FwK9EEbUynnlwSi2AclakP597ErceIPM2B8mkqxqfrFuSc/MVo"
    "IYSjMjUifOG5zCHf3GDX4vVgfXyUA+zjo1S01a043GpPLgJ12L5GmMmDY1tjS9QD8cFxDo"
    "gPkrbKCmJ1Kw4xJQ/CoN58RNwCakVCqj7r4qDR+sUK1gmRtrVgt4QWmb9xqRpncVsXCE6E"
    "skH4Osj/+XB9pQc5KpP0e1hjgf6HbItXNoF7/5p4dKxwRCPPsuWb8Bfqsf+uaggyIFcYZX"
    "v9kg6+fty5oTpIev3GLlGQbeGQikuW4JJqmgrYJZ9Uii89Sw2q3Zde07I22M8TqZCt0nX5"
    "fT9WseabSnefRNy/nmlpPrXzQOzNT++JtFPVD1zHPnSIqC665ayK20XWHTFc5lFTs1EUAe"
    "qt7Oi96qfDYAVuvR2R6qQHNIGT0n75zHJ2hirsqMNoOdIYZRzbO2J1E3TTYaSUbmM4zN4V"
    "qqHs50Z20zGoKo0bhPugLmgQ2SMzIgaqlUHuyMIC3hg06J05DqHmc0btR2SzKWITJKXdR2"
    "SSscWVleB39qKXQK2QYMlsn3Nr+rXEG74dDA4PTwb7h8enL49OTl6e7i8dA+u3sjwE55c/"
    "KCdBTP/bHJXg3ugPMtZod+lqdkSkRkU7XN5b6wUr7ADbzffVMLJE2d6vW/k7ikzasH0HAz"
    "3lR9EWimchtzhJmaxAqdIH0uRGygPlKud6EJEAZ3hyOdiCmwYuwOa7AJXaUsTxHrYHp3vp"
    "TveQqVSMIpiQAo7gZo5glBK2I0kwQUNrGc55WYKJOdYkmuBrj6QY+8Gdfpapb3okp4kvTX"
    "Js2hYliLnIJXM1Yq5Ea0aQWhJHmBPksntkcf+aRFHM+v5/+XhGTM8mLvLt/Ht8SzjyHI03"
    "oJpnbHYcfJQ6JBbegmEim8qNW7b4uNToXTJZMBvBu9A47wJYaVVyHeXELzS3A4EubcK1zO"
    "+IPrpYfwqaGiupesyNOteZLlkbq30mtyt0KVFfaqRyygc5JG30g4JJt823BDwqcKIUWdYK"
    "8HyqtH8uqHDTcqSW9/pZNlAY9jGIap7LHEofZKhJ0KyUKDAPKtxoaw/iNBvgSqI4gjxo9s"
    "6Mag9B+07gW3exh5aEzBq/HjciatawiG/b9T0dEbJYpCYhBd/L5khNlJK0Y6Smm6zTfiJS"
    "k5hjTYrUXNIRe0ixVJb3+lmWiqVa5YvXXPg0SiXgUXPBouyjxWCikbwhOAoz/5Fl9tEtcY"
    "S8LywbzTA1bWKux2dK6nNjJQm/ZzWAO1WTgBBMXSEYKDtRQyhm+VEUADkq00GQK7G3HPxo"
    "M6yBOd1/HBHZyYXcHoW1El9xsEdoVnLGbIKpHvyIVAL8kRSrao4vr9SL+/n19dsY7ueXSa"
    "v253fnF+/3DvxBkI0skRJndMmYWHdbueYTouCbb5yt1hDffCzTVKP1JjNR0zXfVfJrPvX3"
    "DCkJpIZVboHIl0SMIoxCA+E7dD9jikk0xrZcP5CErx9e4lJltZFgaESC2zqyUgVP0KrGUb"
    "be0rwJUjeg3tqT1ltLjEZ+hDWS4A7R7FJhecbCAK8LQorTOrzyR3ma+hfpqu5SoBlcCfW8"
    "znAlTG1Jtgzair4cGwzF7kPBby3H0ZkiGQWZViIwIOUPSAN5c50K5Uu4XFG40H1cqoNAV+"
    "JiClErbnnHJcHwbpzhDelskM725F9Pm9PZgpJb18tDgVJcR9p2/TznT8XPG9rsSrpRSWVL"
    "mUU22rIQlMpYswW6t1QiGqbm4q43ksrXjJhoblFPEL7uPSqrU63DKHIEROTHgqsIzsbKbU"
    "9UZTdUfTiWafGxJ1e3QqZbTAiMt9KNt2DBWh+SdBZrRKQDs75uGmuA3hYGRlwSSJhNti/g"
    "QC04UKt5tkVzD9Rawm9vMCrCFrnMCZfZOQ2JX2YMzZh8U4SRkkJYIKZqXSyVvO+Rg7mKJd"
    "/LNi7x9f6Z1ASY+ygvCr9WKnIJNjUWRem9FzAt1BxQMICJASbGkytbVZsY4QefF+CwfQe9"
    "45BR2MrwA3G34/3FBCH4AMZBC8YUjAMwDgoZB9mGQT6jIJ89cIaC5t+jz5zIcZTz4zOaMr"
    "9ynVLfF6XwxzNMpz5LlFATuxzNPanFc0LQHpdviT57lvn5mY6gWnb3G9mpKaTUeKMVMUM+"
    "sGBZPbARdrQR6i4R37SFqmwCZRsOEGu5tqooL4U11VAItNRGa6lEV5wne2iJtj4PDGyzBr"
    "Y9R0zXtjqWf26sVywb2INE4CIbD3OnmFp/FfNGxYQA6Zwp1zbW+azT2QFLgS6cBFM3OcB1"
    "vYIO7FCgC2jXo7FCrkKluQqBN6OAGRsVqc+Q3a8K4JKtWHVQ5xY5rHEpyK/UFVlYnGFhsM"
    "mEE6FZFNJZiTpZICdmb4fbZF26+H59WDJLjoQiUG+kQL0RqAS+lQbYNsPfc8wthzkuCcPc"
    "6GGG3DbIbWtmiHnH3LYI8lMVEDXkhjbf8RD7M7+nS9lRt6CPu8uWPMId0UrL7OsiaIobWA"
    "5cEc5yJ4Hid05JQMmeOgwUZdpMq0JA+TlAV7KjjuFUB38omF0ZHKLV/MuRXCAb+y03k4mE"
    "UJuMXC7RhLkJ5j/a+9T71PNvYHXrOZtMQnaQjjm0W1/FEgcC/i6kDkDqQG6fVFW+p6pTB4"
    "DdXn30BVN+XwzjlUQHMT7NgfBpKr6nenS38u8kRMHB02gHD+QPQP7A06vs/RblD6iN+koO"
    "a6r6H22wQftXTQ2/g1zK/3BGkGotNfKFLLJVpu+9Kkw9euyrstQq2ZcScc/cW66KUHPZ2M"
    "SOIK7807XEogOOLIqW7JqYUVDBMz5RNkGWyZXgnBP7Tt7bG8oRnbp43ve78+exNZaPGc0Y"
    "u332HZpad4QiNWiqfLaSVLkMPuH3uef0EWefqJjJSxjJ5VBdRqbKeZCGMRKeKx9NmGOTRQ"
    "9ypjH1Bi/QhYs5MdUxNp//IW0babo8n5PP+c6rAROmASYMHEJTwyE0YMBUb8CEy35ehMP2"
    "HcT3YJDHfJGt0sljgzUTpl0R6jqX6LbbL2t69lOqgnxmpXuCow1yqIKqaS5NMH2oN+Zugh"
    "LTACUG9tfq99eUmGsGETMUAPZlbPUvg30pFzNpz2nilVn8y5VQjQzMcJlpLQHzD2bRrdSe"
    "mCCUhGya1vPkaZcNG8+qsy6B+gjUx2Z6x5tc1j/GKdLZREnS0WZyjKI6lW8Vgf0DPBTtJ7"
    "+Gc2tpKFKFmLFiFImlBFiZ+axMQR40inZ6SnvYvhP41p3SroKLgtAtbJu4JHBSGm3dACcF"
    "OCnN07qby0m5Hv1BfOdhis4du5+pcrOwZRVRiPDcK4hCNEQLhyhEDVEIgvnic8qrIa4kOo"
    "Fx3TriHXG5pUM8dbmISIDaoAkoQJ2jiuscySfxrSI2MUGI2DTZppFdMXu74xgSojDOrRjn"
    "4vuQThSKbWmqmAV2RDH/QEIKdvrNDoKowbajh+Am6KrbLoLEHGuUj8ATI/aQ5iBY3uxneg"
    "f8ZrlcA713hHP5JuqM67FlElMlg2AJGqYc+x6GvrxjW3cqUxDhiSCu+o3cPwwbuUSOh+44"
    "7dJ6LTkgeG5NvxZvxLeDweHhyWD/8Pj05dHJycvT/eWqs34ra/k5v/xBrUCxnXqzz+KWaH"
    "gC6ZZI0LwcM+Rp4a+Y7gJ5NTXk1biMFQI4bN9BcKuJxs7UuaZGwUUiLgXcuByLBX60GdZs"
    "hOns6ohI/fzqpzFeK2FSN9Ebt06ZcQg1g9hiGz1yWAgyd3R1nNOJnxERqDyetNkpeRBGAN"
    "EWLjCNOHA4Gu0HswnmxPCosDTug+zBToiCv7PJ48wJFVpHXMZ+tBLpnq5ViVqrKnAYxHV1"
    "ZM70QHJcqgNl2+oOJUMp+69nCdvmlHRaoi7SsEWt7ePbkBIBN8y2z/x6eCme93iDfpb33T"
    "+GZ1XDsHR2nuzeHztg5gEz78nXnxqUqvGMWdoi9uk+rIgI1Ago3bMFNUc7vCGvHUNXjLyx"
    "kgDiRg7iRrCX70jaGMpPRSkoHSdtrOZWkwgbN4xbGTkd0dsb1MZFw0p0xvWMjv6KTw0qJK"
    "iQ3VYhIdegglyDgkUBUjexLszaCnINWpGP1BkXMnOEdoHIKHKxlOgA3DWUed3CWASfbeNN"
    "RJeMmWtKg35UiMmVEIPwYi41BhIqIKGiobZ5cxMqogOgs8/j45Nhn0fmRJV1n6kHcZ0nN8"
    "qDQcgP7EoA1leNuSgsYRcsghoIdNBYrEQ3GDFTo4GlW4th+w4YL3XbilCur/rpPJe7IyvE"
    "VlxJdBDj8v1LrUhPaDG+zgzzQjveUgCmbw54W+LRP2iJfmYSbNqWrk59tosuKgeOuiY76v"
    "70mOsVymldSXTPPVd+xrDKTeUzZhfSWWJCNWriB98M6okklI8zpow+zplOdck+oyYqV+Mx"
    "NcsrrT2nZmaZxJDzVL56UdCTooB7AdwXAcZCvNeICPBes+3+LXivLrmziNx0VbmaYsGuuF"
    "z3ttPy9Xtik7FgCo8i8z8uBZ9A6Z/AmHlUtwtkUPGXEs0YDvXYzgyHg11hjS3Hx21tUNIj"
    "wgkxKIOwtvd6Ysx0xz6nO9QjIuBTL+xTD+rEbZFSEpcEJ0STnRChJrRFad2IIIxxk8eYY1"
    "szvBlhhaB9BxbNqn0fUOfgq/iC4EBTONC0mTS/HQ80jZj31C/xq3EnBoJvfnpPbJzCsA8w"
    "v5CddAzwuBESHvK0I07JY6W6iFWYPbkjVIlszS4ipQ623BWlgAqrjOGOIVUHEzmELYONHE"
    "F2MyPZCM8qrTJtGJKF6/NDpfOSW0J7aTzCcC7wk3j5IIEJEpiasdH325PANPSr3r9nLE1p"
    "iDfIVBmCCvqubJtLYegNZwSFp0eg+eJUFyRmWCA5b1zB1akufp9oj7yYvpB/hkj+kyPmEC"
    "oHJ5R7tn5OTPnd6xWZyPkX4VENkcMEQKd5Sp0GDjSpwXUMB5p09ECTZmNd/okmwWJfsJR5"
    "XKqDQJc2qdeUyidSeiIl7XQqT7ziXYbCIxsaYZm9zerOGVICSAmgPc6oqfQRU/6T84I/+x"
    "5ZUiXhNlOKCZeKha+k9BGhpvwxn7zB/uD4d3XU3c/DV+jywzVSW9S60lPVQyC1vA3qDqSW"
    "l+zAgdTyqgswK/JAsYTniAignFODlHvCX0yXgpc1lVcyHcS5fO3R31bXEU6nLy8FmsFe7h"
    "SZHJJOu85kgiID1WbJjGeME2r4FkLRrygpC19Sk7+kYLSkEbjlOAeSMMqNHmVbjtVW/N6o"
    "IIxxk8fYJXOJojEiE+ZqVJ9UN8Ca3FbegIYNbNnOgDmRM5xOjcJOlnVBgHcdXkhA+CqWKE"
    "hAgASEZtJ0SktAWBxEtjNbPHEoZEdQr5QFfUZcazzraYJ6wZ1+VjwPr9qUSnaGkFgTWc3p"
    "fqJ0WnMXHN+VBBjUR1UA4aB5B9E92N/P44jb30/3xKl7ycooVBCq0YuzSqMsReqPLjyNKl"
    "xaHOFJaSpf/g9MMzoX"
)
