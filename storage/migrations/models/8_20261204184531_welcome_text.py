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
        ALTER TABLE "assembly" ADD "welcome_at" TIMESTAMP;
        ALTER TABLE "assembly" ADD "welcome_text" TEXT;
        ALTER TABLE "assembly" ADD "welcome_by" VARCHAR(255);
        ALTER TABLE "membership" ADD "welcomed_at" TIMESTAMP;""",
    "postgres": """
        ALTER TABLE "assembly" ADD "welcome_at" TIMESTAMPTZ;
        ALTER TABLE "assembly" ADD "welcome_text" TEXT;
        ALTER TABLE "assembly" ADD "welcome_by" VARCHAR(255);
        ALTER TABLE "membership" ADD "welcomed_at" TIMESTAMPTZ;""",
}

DOWNGRADE = {
    "sqlite": """
        ALTER TABLE "assembly" DROP COLUMN "welcome_at";
        ALTER TABLE "assembly" DROP COLUMN "welcome_text";
        ALTER TABLE "assembly" DROP COLUMN "welcome_by";
        ALTER TABLE "membership" DROP COLUMN "welcomed_at";""",
    "postgres": """
        ALTER TABLE "assembly" DROP COLUMN "welcome_at";
        ALTER TABLE "assembly" DROP COLUMN "welcome_text";
        ALTER TABLE "assembly" DROP COLUMN "welcome_by";
        ALTER TABLE "membership" DROP COLUMN "welcomed_at";""",
}

MODELS_STATE = (
    "eJztXWtz2zYW/StYfVlnRklt2Uncdmdn7NRpvW3ijKNuO206DCRCEmuKUAnQj3Tz3xegSP"
    "EhkCIkkoaYO9OZxiQuSB2AwH2ce/F3b05t4rJnZ1Pi2fiSk/k1vet9g/7ueXhOxD/UDfqo"
    "hxeL5La8wPHIXUoQwh1vauFQxHKETCgwYtzHYy6aTLDLiLhkEzb2nQV3qCeueoHryot0LB"
    "qKDpJLgef8FRCL0ynhM+KLG7//IS47nk3uCYv/XNxYE4e4dub1HVs+O7xu8YdFeO3S46/D"
    "hvJpI2tM3WDuJY0XD3xGvVVrx+PyqvgxxMecyO65H8jXl28X/ej4Fy3fNGmyfMWUjE0mOH"
    "B56ueOrORaz7LeXg2t9xdDy+ppADSmngRXvCoLf/1UvsLTwdHJy5PT4xcnp6JJ+JqrKy8/"
    "Lx+dALMUDOF5O+x9Du9jjpctQowTUOl4HPg+8cZkHdxXM+yr0c1K5VAWr59HOca0DOb4Qg"
    "nOvV5TKM/xveUSb8pn4s+TwxJI/3t2/eqHs+uDk8Mn8oFUfAfLb+VtdGcQ3pKoJyhzh7sK"
    "gIfkvmD6rgSawjb5bluYxCVwDi9+Hcqe54z95aZhPHhz9muI8PwhuvPT1dvv4+Yp2F/9dH"
    "WegxvbNrGt0YPOlE7LbAV6NFtNwTw7pQfPn1eY06JV4aQO76lgxnwd5u8ETNyZkzKol3I5"
    "qO1I8Fn8j/0DvmyyX765eD88e/MuM+O/OxteyDuDzGyPrx68yA3JqhP0y+XwByT/RL9dvb"
    "0I0aSMT/3wiUm74W89+U444NTy6J0l4E9hEl+OL2VGON7/tbberNDmLXgPFrA6dmGp10xu"
    "lJtwhNg6xq+pT5yp9yN5CKG+FC+F1ZtupNu9WfYUKXZ7hvLneCbFV5OP28d3K40wN8EECO"
    "KnE75c38/evzr77qIXoj3C45s77NtWBnZ5hw5o7sqq7fqt+WCev4I9oRHb0Q+Rrx2r1oyR"
    "+ch9KNK8U7dL9W4cNaxf2f69t3Axn1A/VOR9Sue9P0ABf0QFPD0cVXWVtEwnFMSssnI8qK"
    "CrHA8KVRV5K6uphPNcA+C4fQfBbUQTdLE3DcSSqINxWqY9nHsTvx0j8rQCyqeFGJ+uW5Bz"
    "8ol6WginZVpE+CLw6YJ89Q77DmsH6xcnFcB+cVKItryVhVvuyTpQx+1bhJncL1xn7PB2ID"
    "56UQHio7ytkkAsb2Uh9sg9t7xgPiK+hlqRk2rPujgyWr9IYJ0QYVtzekM8nfmblWpxFu/r"
    "AsEIlzYIWwf5P++v3qpBTsvk/R7OmKP/IddhjU3g3r8mgTeWOKJR4LjiTdgz+dh/NzUEJZ"
    "BLjMq9fnkHXz/r3JAd5L1+Y59IyLZwSGUla3BJmaYCdsknVeBLL1ODWvelt7SsDQ6rRCpE"
    "q2Jd/nAtVnFH3DGdE4uLnVYnZJGX64ITve3ARYyhXugiK9UF3FswWWPQ9HeLrCQEMEzbLN"
    "Yc7cW+4FQsK7AdxUw4j8Re/3hNXBwiuT7msXdXdtEtz3vWyePcEsungWcrtF4doH4SHV3L"
    "fjoMVhSj2BGpToZzcjhJU57NnMXOUMUddRithU/FCondHbF6F3XTYaTk1mstqLsrVEPRzz"
    "vRTcegajQIGu+Dqghoao8sCX/KVha5JUt33sYIaO9ssSCe/ZR67gNy6RTRCRLS/gOyydhh"
    "0uURdvasl0NNS7Bm6uK5M/1SgqdfDwbHxy8Hh8cvTp+fvHz5/PRw5eVcv1Xm7jy//F56PD"
    "Pq5OYQKwtGf5KxQrsrNqlSIi16DeLlfW9d+tre/N0c+YYZTnW78m/E79CZtHH7Dkat66cE"
    "LBVPrRgfKZis4GJRu1jERsoi5ariepCSgMhefjnYgmgL8QwzXVTpYZVqi04UMW4PEcTaI4"
    "gx7VKP75yTAsLzZsJzmt+6I+M5x6ndM5yrUp5zc8wkzvN3ASkw9qM7/TJT3w5IRRNfmOTY"
    "dh2PIOojn8zliPkCrRlBckkcYUaQT++Qw8JrAkU+64f/ZOMZsQOX+Ci08+/wDWEoWCi8Ac"
    "08Y7Pj4HehQ2IeLOlyQRhaEi1+X2n0PpksadrgXTDOuwBWWpPEbTHxteZ2JNClTbiV+Z3S"
    "R4NtguKJVDvmRpvrTJesjWSfqewKXUm0l+ctnfJRQtw++kHBpNvmWwJSKDhRGuL5NGn/XH"
    "jcL0r4XN3rl9lAcdjHIrJ5JXOoeJChwIpZ+Z1gHjS40bYexDEb4EaiOLo88J3436bh2zYB"
    "fE9CZsavx0ZEzQyL+O67vqciQupFanJS8L1sjtSkKUk7Rmq6yTrt5yI1uTlmUqTm0hvR+w"
    "JLZXWvX2apOLJVtXjNRUijlAKBZy9ZlH20HEw0Ejc4Q3EZE+TYfXRDFlzc546LZtizXWKv"
    "x2dq6nNjWZywZzmAO5XGgRBMWyEYqKHTQihm9VFogJyW6SDIjdhbC/zgUqyAudh/nBLZyY"
    "W8PwprI77iaI9QrOSUugR7avBTUjnwR0KsqTm+utIu7udXVz9lcD+/zFu1P785v7g+OAoH"
    "QTRyeEGc0SeTgGmjnZICtLXQHhPndqtASE4UIiHGWcaGREIyeb0KGyOf91tsZySpxtWMjT"
    "MkJZAcVqFwoFASUQ9hFJtj36C7GZW8rTF2xWqNBHz9+BITBoKLOEUjEt1WUcMaeILSEElz"
    "I1fGZJQoA6U6H7VUZ240qiOskATnk2KXiiv7agO8LggJZevwih8VKEonFRsWKwEzmCnyeZ"
    "1hptjKap4lJCF1JU8Yit2Hgt04i4XKFCmp5ZeIwIDUPyAGshQ7RZwQcPlc+4yUrFQHgW7E"
    "oRejpm95ZyXB8DbO8IbkQUgefPSvZ5+TB6MCZ1er8+QKXEfKdv0qRxdmj6rb7Ep6J1P4Vj"
    "LL3L9V2S2ZH+hydOfItD/s2cu7wUgoXzNio7njBZywde9RXZ0qHUap04NSPxZcRXCsYmV7"
    "oim7oelzFW2HjQOmjCKVGNJpITDeajfeogVrfUiKOcMpkQ7M+rZJwxF6WxgYWUmgvJpsX8"
    "BZjHAWo3m2hblnMa7gdzcYFXGLSuaET92KhsQvM4pmVLwpwkhKIcwRlZVFVkret2iBmYwl"
    "34k2Pgn1/pnQBKj/IC7ysDIt8gm2FRZF7b1rmBZyDkgYwMQAE+PRla2mTYz4g68KcNy+g9"
    "5xyN/cy/AD8bfj/WUEIfgAxsEejCkYB2AcaBkH5YZBNaOgmj1whqLm36KPjIhxFPPjI5rS"
    "sE6gVN+XBw+MZ9ibhixR4tnYZ2geCC2eEYIOmHhL9DFw7I9PVATVurvfyE4tIKVmGyXEDP"
    "FAzSKGYCPsaCO0XZDftIWqbgLlPpw9uefaqqS8aGuqsRBoqUZrqURVCql8aImyGhIMrFkD"
    "K4fgk5LPXLY0JjIdXB3rP3I80Mu9DiDtWmfjof4Ue84nPW9URgiQrpjg7mKVz7qYHbAS6M"
    "K5O22TA3w/0HRgxwJdQLsdjRVyFRrNVYi8GRpmbFqkPUP2sCmAa7Zi5bGoW+SwZqUgv1JV"
    "ZGF5YohFJxNGuGJRKGYlqmSBnFi+HW6Tdenju/VhKS05EotAvRGNeiNQd30rDXDfDP9gYW"
    "85zFlJGGajhxly2yC3zcwQ8465bSnkpzIgaokNba7Q284j6dc/XhM3pE6WAB/2dCk66hb0"
    "WXfZike4I1pFmX1dBE1yA+uBK8VZ7iRQ7HZRE1Cipw4D5VFlppUWUGEO0FvRUcdwaoM/FM"
    "2uEg5RMv8qJBeIxmHLzWQizuUmI5ZLNKF+jvmPDj70PvTCG1jeekonk5gdpGIO7daXXuJA"
    "xN+F1AFIHajsk2rK99R06gCw25uPvmCP3elhnEh0EOPTCgifFuJ7qkZ3K/9OThQcPEY7eC"
    "B/APIHHl9l7+9R/oDcqN+KYS1U/9MNNmj/sqkVdlBJ+R/OCJKthUa+lEWuzPS9k4WpRw99"
    "WZZaJvt6hN9R/4bJItRMNLbxghNf/Ok7fNkBQ46HVuyajFHQwDM+eHSCHJtJwTkj7q24dz"
    "AUIzr18bwfdhfOY2csHjOaUXrz5Bs0dW6Jh+SgyfLZUlLmMoSE36fBoo8Y/eDxmbiEkVgO"
    "5WVky5wHYRgjHvji0YQuXLLsQcw0Kt/gGbrwMSO2PDTo4z+EbSNMl6dz8rHa6UBgwhhgws"
    "CRPy0c+QMGTPMGTLzsV0U4bt9BfI8GVcwX0aqYPDZYM2ECRnxdjNMy3WNBNsBM3ysWQJvb"
    "4L7biGu2zGOq22zmFHvb0w0qqNuyaSVtu3ioN+bHgqJogKIIOkzzOkxBXLuE7BoLAMM1s/"
    "rXwXAVi5mwmRUx4TKOayLUIss1Xmb2luT6J3W8rdSejCCU3TRN63n01FbDxrNp++GOuGM6"
    "3+pLyonCt2TytwQ0YqARmxlpMvmIjAw/T2X75gl8m4lmkjZYv/ULdi5wupSf/BrOe0vpEt"
    "vbjOrRjVYS4E2o5k3g5F6hBhaXh4jbdwLftstDyEA9J942mndGEvhdRmvewO8Cfpd5Wre5"
    "/K6r0Z8kdBIX6NyZ+6UqN41bNhFtis+Qg2iTIVo4RJtaiDYRzJafU1UNMZHoBMZt64i3xG"
    "eOCvHC5SIlAWqDInAENcMarhkmnsS2iidkBCGaYLJNI7qi7nZHm+REYZz3Ypz19yGVKBSu"
    "U1QEjOwIPf9ATgp2+s0OgrTBtqOH4F3UVbddBLk5ZpSPIOAjel/kIFjd7Jd6B8JmlVwDvT"
    "eEMfEm8rz4sWMTWyZWYQEa9hgOPQx9ccd1bmXWLcITTnz5G1l4sDzyiRgP1dH0tfW6OSCY"
    "TaPyKQ3/z4jH5ejqHQ1z7ky/FGfF14PB8fHLweHxi9PnJy9fPj89XC1K67fKVqfzy+/lAp"
    "XZyDe7NG6IgkZQbKhEzeuxUh4X/oZZT5DC1kIKW7zKVAU4bt9BcJsJ1s7kEcKW5iKRlQKK"
    "ZIXFAj+4FCs2wmKSfUqkfZr949i2jRDqTXTWrTNqFsSzo9DjPjrsMOdkvlCVTC/mhaZEoM"
    "h/3qT3yD23Ioi28JApxIHiYbSbzCWYESvwuKPwLpQPdk4U3KEmj3NsL+vsR4lI93StRtRa"
    "WezGIr6v4noWx5mzUh2okNh2pBlOjfhyljD9MU6JwRZl2vgaUiniHXXds7D0ZIFjPtugX+"
    "acD0+8SsqF1k7eE92HYwfEPSDuPfr604JSNZ5RR3leRLEPKyUCpSJq92xBed8Ob8hrJz7q"
    "cTsSCeB1VOB1RHv5jpyOofhUpILScU5HMrdM4nO8o8wpSflI396gNi4bNqIzrid89BO6Na"
    "iQoEJ2W4WEVIQGUhE0awYUbmJdmLUNpCLsRbpSZ1zIdMGVC0RJDYyVRAfgbqGi8hbGIvhs"
    "jTcRfTKmvi0M+pEWkysnBuHFSmoM5FtAvoWhtrm5+RbpAVDZ59nxKbHPU3OiyfLfXgBxnU"
    "c3yqNBqA5sIgDrq8Jc5A53NWvhRgIdNBYb0Q1G1FZoYMXWYty+A8ZL27YiVPNrfjrPxe5I"
    "tdiKiUQHMa7fv7QX6Ql7jO9ihpnWjrcSgOlbAd498egf7Yl+ZhNsu47quIJyF11aDhx1Jj"
    "vq/gqoH2jltCYS3XPP1Z8xLHNT2Yy6WjpLRqhFTfzoq0E7kYT6ccYe9R7mVKW6lB9VlJZr"
    "8bSi1ZW9Pa5o5tjEEvNUvLou6HlRwF0D92WAUYv3mhIB3mu53b8F79Untw4Rm66sZqMX7M"
    "rKdW87rV+/Jy4Zcyrx0Jn/WSn4BGr/BMY08FS7QAkVfyVhxnDIx3ZmOBbY587YWYS4rQ1K"
    "cUQ4JwZlENb23oDL8+F0HOopEfCpa/vUozJyW6SUZCXBCWGyEyLWhLaovJsShDE2eYwZdh"
    "XDWxJWiNp3YNFs2vcBdQ6+iC8IzjuF807NpPnteN5pyrz3wgrACndiJPj6x2vi4gKGfYT5"
    "heikY4BnjZD4DKgdccqfOtVFrOLsyR2hymVrdhEpee7lrihFVFhpDHcMqTaYyDFsJWzkFL"
    "KbGclWfJRpk2nDkCzcnh+qmJe8J7QX4xGGY4MfxcsHCUyQwGTGRt/fnwSmYVj1/prSIqUh"
    "26BUZYgq6PuibSWFoTecERSfHoHmy0NfEJ9hjsS88TmTh76EfaID8mz6TPwZI/lPhuiCeG"
    "JwYrkn68fI1N+9WpFRHCCTOkwgr9OoBaLH6B86A1rPjloPHHnSgnMZjjzp6JEnZmNd/5kn"
    "qXVaA+isVAeBrm1Sr6mdj6QWpYreqZSibE28EpVINLTiQnybFaIzJAWQFEAHjHq21Fhs8Z"
    "+YF+zJt8gRSgtzqVRdmNAkQjWmj4hnix/zIRgcDl78Ic/K+3n4Cl2+v0Jyi1pXi5p6CCSf"
    "74O6A8nnNbt4IPm86RLNkl6glxKdEgGUK2qQYk/4RFVJemVTOZHpIM71a4/htrqOcDHBeS"
    "VgBr+5U3RzSEvtOtcJyhA0m0cznlFGPCu0EHS/orwsfEkmf0nRaAkjcMtxjiRhlI0eZVeM"
    "1VYM4LQgjLHJY+yTuUDRGpEJ9RWqT6EbYE1uK2+AYQNbtzNgTsQM96aWtpNlXRDgXYcXUh"
    "S+iCUKUhQgRcFMIk9tKQrLo8p25pPnjo3sCOqN8qTPiO+MZz1FUC+60y+L5+GkTa10aAiJ"
    "mch7LvYTFROfu+D4biTAID8qDYSj5h1E9+jwsIoj7vCw2BMn7+Vrp3iceAq9uKx4ykqk/e"
    "jC46jCtcURHpWm8vn/Kc1YsQ=="
)
