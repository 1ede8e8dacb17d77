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
        CREATE TABLE IF NOT EXISTS "tension" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "number" INT NOT NULL,
    "author" VARCHAR(255) NOT NULL,
    "text" TEXT NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "proposal_number" INT,
    "meeting_number" INT,
    "resolved_by" INT,
    "note" TEXT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "closed_at" TIMESTAMP,
    "closed_by" VARCHAR(255),
    "assembly_id" INT NOT NULL REFERENCES "assembly" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_tension_assembl_71ee3a" UNIQUE ("assembly_id", "number")
) /* A tension a member noted; `number` is from the assembly's one sequence. */;
CREATE INDEX IF NOT EXISTS "idx_tension_status_515062" ON "tension" ("status");""",
    "postgres": """
        CREATE TABLE IF NOT EXISTS "tension" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "number" INT NOT NULL,
    "author" VARCHAR(255) NOT NULL,
    "text" TEXT NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "proposal_number" INT,
    "meeting_number" INT,
    "resolved_by" INT,
    "note" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "closed_at" TIMESTAMPTZ,
    "closed_by" VARCHAR(255),
    "assembly_id" INT NOT NULL REFERENCES "assembly" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_tension_assembl_71ee3a" UNIQUE ("assembly_id", "number")
);
CREATE INDEX IF NOT EXISTS "idx_tension_status_515062" ON "tension" ("status");
COMMENT ON TABLE "tension" IS 'A tension a member noted; `number` is from the assembly''s one sequence.';""",
}

DOWNGRADE = {
    "sqlite": """
        DROP TABLE IF EXISTS "tension";""",
    "postgres": """
        DROP TABLE IF EXISTS "tension";""",
}

MODELS_STATE = (
    "eJztXW1z2za2/iu4+nKdGSVry07ibe/cGTt1ur5t4oyjvbuzTYeBREhiTQEqAfqle/vfL8"
    "AXiaRAipBImmTOTGcakzgg9QAEzstzDv49WDKbuPzVxZxQG18LsrxlD4Pv0L8HFC+J/Ie+"
    "wRAN8Gq1ua0uCDxxQwlChEPnFg5ELEfKBAITLjw8FbLJDLucyEs24VPPWQmHUXmV+q6rLr"
    "KpbCg72FzyqfO7TyzB5kQsiCdv/PKrvOxQmzwSHv+5urNmDnHt1Os7tnp2cN0ST6vg2jUV"
    "74OG6mkTa8pcf0k3jVdPYsHourVDhboqfwzxsCCqe+H56vXV20U/Ov5F4ZtumoSvmJCxyQ"
    "z7rkj83Im1uTawrI83Y+vz1diyBgYATRlV4MpX5cGvn6tXeDk6OXt7dn765uxcNglec33l"
    "7Z/hozfAhIIBPB/Hgz+D+1jgsEWA8QZUNp36nkfolGyD+26BPT26aakMyvL1syjHmBbBHF"
    "8owHkwqAvlJX60XELnYiH/PDsugPR/L27f/e3i9ujs+IV6IJPfQfitfIzujIJbCvUNysIR"
    "rgbgMXnMmb5rgbqw3Xy3DUziAjjHV/8cq56XnP/uJmE8+nDxzwDh5VN05+ebjz/GzROwv/"
    "v55jIDN7ZtYluTJ5MpnZTZC/RotrYF8/SUHr1+XWJOy1a5kzq4p4MZi22Yf5AwCWdJiqAO"
    "5TJQ25Hgq/gf3QO+aLJff7j6PL748Ck143+4GF+pO6PUbI+vHr3JDMm6E/SP6/HfkPoT/e"
    "vm41WAJuNi7gVP3LQb/2ug3gn7glmUPVgS/gQm8eX4UmqE4/3faOtNC+3egjuwgFWxCyu9"
    "Znan3YQjxLYxfs884szpT+QpgPpavhTWb7qRbvch7ClS7DqG8p/xTIqvbj5uDz+sNcLMBJ"
    "MgyJ9ORLi+X3x+d/HD1SBAe4Kndw/Ys60U7OoOG7HMlXXb7VvL0TJ7BVOpEdvRD1GvHavW"
    "nJPlxH3K07wTtwv1bhw1rF7Z/mWwcrGYMS9Q5D3GloNfQQF/RgU8ORxldZWkTC8UxLSycj"
    "oqoaucjnJVFXUrrakE89wA4Lh9D8GtRRN0MZ37ckk0wTgp0xzOg5nXjBF5XgLl81yMz7ct"
    "yCX5g1EjhJMyDSJ85XtsRf7yCXsObwbrN2clwH5zlou2upWGW+3JJlDH7RuEmTyuXGfqiG"
    "YgPnlTAuKTrK2ygVjdSkNMyaOwqL+cEM9ArchINWddnLRav9jAOiPSthbsjlCT+ZuWanAW"
    "d3WB4EQoG4Rvg/w/n28+6kFOymT9Hs5UoP9DrsNrm8CD/5r5dKpwRBPfceWb8Ffqsf9d1x"
    "AUQK4wKvb6ZR18w7RzQ3WQ9fpNPaIg28MhlZaswCXVNhWwTz6pHF96kRrUuC+9oWVtdFwm"
    "UiFb5evyx0GsYss3le8+Sbh/fdvRfGqXkdj7n26JtFPVD9zGPnaIqC765axK20XOPbE85l"
    "Nbs1GYAPWz7OhW9dNjsCK33oFI9dIDmsFJab984awOhiruqMdoraQxyjh2D8TqU9RNj5ES"
    "hHLZ74FAjcNe+oyT1AGtFXMPnVJj2c8n2U3PoKo1vhLrC7rgSkKXKIisqFYWuSehp2BncG"
    "VwsVoRar9k1H1CLpsjNkNS2ntCNpk6aqajoLNXgwxqRoIVs6Iunfm3Epf562h0evp2dHz6"
    "5vz12du3r8+P1w6U7VtFnpTL6x+VMyWlJ++O3nB/8huZarTgfHMkIdKgQRJvg531Fho7Cg"
    "/zEbaMVFK1l/BO/g6TSRu372FArPpoY6igG4UPSM5kBeqZPuAoN1IeKVcl14OEBAQNssvB"
    "Hhw+cJW231Wq1BaTAEXcHoITlQcnYkaXGZUyIwVcyt1cyiR17kAyZYau1zGcy7IpM3OsTX"
    "TKH3ySY+xHd4ZFpr7tk5ImvjTJse06lCDmIY8s1Yh5Eq0FQWpJnGBOkMcekMODaxJFsRgG"
    "/+TTBbF9l3gosPMf8B3hyF9pvAH1PGO34+AXqUNi4YdMHNlUbtyyxS9rjd4js5ABCt6F1n"
    "kXwEqrkxMqJ77R3I4E+rQJNzK/E/pouP4YmhobqWbMjSbXmT5ZG5t9prQrdC3RXAqpcspH"
    "uTZd9IOCSbfPtwR8M3CimCxrBnyoOu2fKyq8vFyy9b1hkQ0Uh30sopqXMofyBxlqN7QrdQ"
    "zMgxo32saDOO0GuJYojiCPmr2zoCpG1L4X+DZdFKMjIbPWr8etiJq1LOLbdX1PRxg1i9Rk"
    "pOB72R2pSVKSDozU9JOdO8xEajJzrE2Rmms6YY85lsr63rDIUnFUq3LxmquARqkEfGqHLM"
    "ohCgcTTeQNwVFcIQE59hDdkZWQ94XjogWmtkvs7fhMRX3urLgR9KwG8KCqGxCCaSoEA+U5"
    "GgjFrD8KA5CTMj0EuRZ7a4WfXIY1MOf7jxMiB7mQu6Ow1uIrjvYIzUrOmEsw1YOfkMqAP5"
    "Fidc3x9ZVmcb+8ufk5hfvlddaq/fuHy6vbo5NgEGQjR+TEGT0y87kx2gkpQNsI7Slx7vcK"
    "hGREIRLSOsu4JZGQVP6zxsbI5kfn2xmblOxyxsYFUhJIDatUOFAgiRhFGMXm2HfoYcEUb2"
    "uKXblaIwnfML7EpYHgIsHQhES3ddSwGp6gNUSS3Mi1MRklykAVwGetApgZjfIIayTB+aTZ"
    "peKiocYAbwtCQtk2vPJH+ZqqLPmGxVqgHcwU9bzeMFNsbaHAApKQvkggDMXhQ8HvnNVKZ4"
    "oUlAnbiMCAVD8gLWQp9oo4IeHyhPHxC2mpHgJdi0MvRs3c8k5LguHdOsMbkgchefDZv54u"
    "Jw9GheBu1kdV5biOtO2GZU5FS5+CtduV9Eml8K1lwty/dXkylR/oCvTgqLQ/TO3wrj+Ryt"
    "eC2GjpUF8Qvu09qqpTrcMocTBJ4seCqwhObCttT9RlN9R9ZJvt8KnPtVGkAkM6KQTGW+XG"
    "W7RgbQ9JPmc4IdKDWd80aThCbw8DIy0JlNc22xdwzBsc89Y+26K9x7yt4Xd3GBVxi1LmhM"
    "fckobEPxYMLZh8U4SRkkJYIKYqi6yVvO/RCnMVS36QbTwS6P0LqQkw70leFEFlWuQRbGss"
    "isp7NzAt1BxQMICJASbGsytbdZsY8QdfFuC4fQ+945C/2cnwA/H24/2lBCH4AMZBB8YUjA"
    "MwDoyMg2LDoJxRUM4euEBR8+/RV07kOMr58RXNWVAnUKnv4cED0wWm84AlSqiNPY6WvtTi"
    "OSHoiMu3RF99x/76QkdQrbr7nezUHFJqutGGmCEfaFjEEGyEA22Epgvyt22hqppA2YVj7T"
    "qurSrKi7GmGguBltpqLZXoSiEVDy3RVkOCgW3XwHbn4PPGVsfqTzP2zXKvfUi7Ntl4mDfH"
    "1PnDzBuVEgKkSya4u1jns85nB6wF+nDuTtPkAM/zDR3YsUAf0G5GY4VchVpzFSJvhoEZmx"
    "RpzpA9rgvgiq1YdSzqHjmsaSnIr9QVWQhPDLHYbMaJ0CwK+axEnSyQE4u3w32yLj38sD0s"
    "hSVHYhGoN2JQbwTqru+lAXbN8PdX9p7DnJaEYW71MENuG+S2tTPEfGBuWwL5uQqIWnJDW2"
    "r0tstI+v1Pt8QNqJMFwAc9XcuO+gV92l225hEeiFZeZl8fQVPcwGrgSnCWewkUv19VBJTs"
    "qcdAUabNtDICKsgB+ig76hlOTfCHotlVwCHazL8SyQWycdByN5lICLXJyOUSzZiXYf6joy"
    "+DL4PgBla3XrLZLGYH6ZhDh/VlljgQ8XchdQBSB0r7pOryPdWdOgDs9vqjL5jyBzOMNxI9"
    "xPi8BMLnufie69Hdy7+TEQUHT6sdPJA/APkDz6+yDzuUP6A26o9yWHPV/2SDHdq/amoFHZ"
    "RS/scLglRrqZGHsshVmb4PqjD15GmoylKrZF9KxAPz7rgqQs1lYxuvBPHkn54jwg44ciha"
    "s2tSRkENz/hC2Qw5NleCS07ce3nvaCxHdO7h5TDoLpjHzlQ+ZrJg7O7Fd2ju3BOK1KCp8t"
    "lKUuUyBITfl/5qiDj7QsVCXsJILofqMrJVzoM0jJHwPflowlYuCXuQM42pN3iFrjzMia0O"
    "Dfr6H9K2kabLyyX5Wu50IDBhWmDCwJE/DRz5AwZM/QZMvOyXRThu30N8T0ZlzBfZKp88Nt"
    "oyYXxOPFOMkzL9Y0HWwEzvFAugyW2w6zbili3znOo2Xzj53vZkgxLqtmpaStvOH+qd+bGg"
    "KLZAUQQdpn4dJieuXUB2jQWA4Zpa/atguMrFTNrMmphwEcd1I9QgyzVeZjpLcv2NOXQvtS"
    "clCGU326b1PHtqa8vGs277AeilQC9tZwSizUcnpHhbOpsoS+zaTUBSdLLqrSKwf4Dro/3k"
    "t3DuLNVHqhALZkZDWUuAlVnOyhTkUaNo55cNiNv3At+mywaoAK4gdA/bJi0JvJ9WWzfA+w"
    "HeT/u07vbyfm4mv5HAeZijc6fuF6rcLG5ZRxQiPlsMohAt0cIhCtFAFIJgHn5OZTXEjUQv"
    "MG5aR7wnHnd0iOcuFwkJUBs0AQWoJVVzLSn5JL5XxCYlCBGbNts0sivm7nfkRUYUxrkT42"
    "y+D+lEoaCZplJcZEeY+QcyUrDT73YQJA22Az0En6Ku+u0iyMyxVvkIfDFhj3kOgvXNYaF3"
    "IGhWyjUw+EA4l2+izhGfOjaxVcINlqBhynHgYRjKO65zr7IxEZ4J4qnfyIMDx5FH5Hjoji"
    "yvrNfdAcF0eo3HWPB/TqhQo2t2ZMilM/9WnBV/HY1OT9+Ojk/fnL8+e/v29fnxelHavlW0"
    "Ol1e/6gWqNRGvtulcUc0NIJ8QyVqXo2V8rzw18yGgdSmBlKb4lWmLMBx+x6CW0+wdqGOlr"
    "UMF4m0FFDnSiwW+MllWLMR5pOvEyLN06+fx7athWjdRmfdNqNmRagdhR676LDDQpDlSldK"
    "O58XmhCB4u9Zk56SR2FFEO3hIdOIA8Wj1W4yl2BOLJ8KR+NdKB7sjCi4Q9s8zrG9bLIfbU"
    "T6p2vVotaqIigW8Twd1zM/zpyW6kHlvKYjzXCawLezhO1zUD2tUBdp2aLW9fFtSQWBT8x1"
    "L4KShDmO+XSDYZFzPjgJaVNGsnLynuw+GDsg7gFx79nXnwaUqumCOdpzBPJ9WAkRKCFQuW"
    "cLyr72eEPeOgnQjNuxkQBeRwleR7SXH8jpGMtPRSkoPed0bOZWm/gcnxh3ClI+krd3qI1h"
    "w1p0xu2Ej+GGbg0qJKiQ/VYhIRWhhlQEw5oBuZtYH2ZtDakInUhX6o0Lma2EdoEoqIGxlu"
    "gB3A1U2t3DWASfbetNRI9MmWdLg35ixOTKiEF4sZQaA/kWkG/RUtu8vfkWyQHQ2efp8Smw"
    "zxNzos6y0NSHuM6zG+XRIJQHdiMA66vGXBSOcA1rpEYCPTQWa9ENJszWaGD51mLcvgfGS9"
    "O2IlTzq386L+XuyIzYihuJHmJcvX+pE+kJHcZ3tcDcaMdbC8D0LQFvRzz6Jx3Rz2yCbdfR"
    "lbEvdtEl5cBR12ZH3e8+83yjnNaNRP/cc9VnDKvcVL5grpHOkhJqUBM/+cuomUhC9Thjyu"
    "jTkulUl+IjbJJyDZ5is77S2WNsFo5NLDlP5aubgp4VBdwNcA8DjEa814QI8F6L7f49eK8e"
    "uXeI3HRVNRuzYFdarn/bafX6PXHJVDCFh8n8T0vBJ1D5JzBlPtXtAgVU/LVEO4ZDPbY3w7"
    "HCnnCmzirAbWtQ8iPCGTEog7C19/piynSnQuc71BMi4FM39qlHZeT2SClJS4ITos1OiFgT"
    "2qPybkIQxrjNY8yxqxnegrBC1L4Hi2bdvg+oc/BNfEFw3imcd9pOmt+B550mzHsaVADWuB"
    "Mjwfc/3RIX5zDsI8yvZCc9AzxthMRnQB2IU/bUqT5iFWdPHghVJluzj0ipcy8PRSmiwipj"
    "uGdINcFEjmErYCMnkN3NSLbio0zrTBuGZOHm/FD5vOSO0F5ajzAcG/wsXj5IYIIEpnZs9M"
    "PuJDCNCeX59UUSdwuVBRG2K6UmDC5Q1BxhFFabQJTJMf8efQ0TXb4ih6OZx5ZIagsoNgv/"
    "kyNGCeJEDr2cU9unxlTYL+RRtWUZKtJXII+qWm0FUk8aOJsENMLmNEJIQ6k5DSXWa4xXYo"
    "0knIG5vSIvCRHyeeb4bgsCvNvwro9i1dUX2X2Aq7a8CACrFC2mo1bm73Jx+x6E6Zve4yBs"
    "v9dQdC1sP3XZfofHpwSB3NSBMTYrdpUS6h/5vxYjDDgwwIFpp6f4QA5MrZ7i4HzUW8byws"
    "vpBsNCf3F41qon25bzGY8XBMXnDKNleDw4EgsskJw3nuDqePCgT3REXs1fyT9jC1O5d1eE"
    "ysGJ5V5su46r714f8tYcNZ44djbrTdYLRI8xP54c/M0H+pvhcOwGaMhwOHZPD8duN9bVn4"
    "6dWKcNgE5L9RDoyib1ltr5TGpR4ngUnVKUPj2lQCWSDa34yJZSQXQpgJQAOuKM2kpjseV/"
    "cl7wF98jRyot3GVKdeFSkwjUmCEi1JY/5os/Oh69+RU5FP19/A5df75BaovSRtRreQiE17"
    "ug7kB4vVqnOJQprf0wP+XRNmMwJEQA5ZIapNwT/mC6cm5FU3kj00Ocq9ceg211G+H8Uhhr"
    "gXZUwuhVYRIoYNj30AswheplCk0XjBNqBRaCcQQzIwtfUpu/pGi0pBG45zhHkjDKrR5loC"
    "P0fow9spQoWhMyY55G9Sngx2XkgCEHzM6G4QVW3DexRAGRB4g8vSTyJEuS8wfiHVx5xHUv"
    "go76hXqtFTUuiOdMFwNNUC+6MyyK5+FNm0oLZ0BIrI0VMvL9RPklMvrg+K6Hnis/KgOEo+"
    "Y9RPfk+LiMI+74ON8Tp+5lq2xTQahGLy4qs70WaT668DyqcGVxhGelqfz5/zAhq5s="
)
