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
        ALTER TABLE "assembly" ADD "title" VARCHAR(200) NOT NULL DEFAULT '';""",
    "postgres": """
        ALTER TABLE "assembly" ADD "title" VARCHAR(200) NOT NULL DEFAULT '';""",
}

DOWNGRADE = {
    "sqlite": """
        ALTER TABLE "assembly" DROP COLUMN "title";""",
    "postgres": """
        ALTER TABLE "assembly" DROP COLUMN "title";""",
}

MODELS_STATE = (
    "eJztXWtz2zYW/SsYfVlnRk1t2bHddmdn7MTtepvEHkfddpp2GEiEJNYUoZKgH+3mvy9A8U"
    "2QIiSSIpk7kw8xgQtJByBw7hN/D5ZUJ6bz8mJOLB1fM7K8o4+Db9HfAwsvCf+PvMMQDfBq"
    "FTWLBwxPzLUEIcyw5hr2RDSDy3gCE4fZeMp4lxk2HcIf6cSZ2saKGdTiTy3XNMVDOuUd+Q"
    "DRI9cy/nSJxuicsAWxecPH3/ljw9LJE3GCP1f32swgpp74+oYuPtt7rrHnlffs2mLfex3F"
    "p020KTXdpRV1Xj2zBbXC3obFxFP+Y4iNGRHDM9sVX198O/9HB79o/U2jLuuvGJPRyQy7Jo"
    "v93IkWPRto2vubsfbhaqxpAwWAptQS4PKv6ni/fi6+wlejo5Ozk/Pj05Nz3sX7muGTs8/r"
    "j46AWQt68LwfDz577ZjhdQ8P4whUOp26tk2sKcmC+3qBbTm6SakUyvzrp1EOMC2COXhQgP"
    "NgUBfKS/ykmcSaswX/8+SwANL/Xty9/vfF3cHJ4QvxgZS/B+t35b3fMvKaBOoRysxgpgTg"
    "MXnKWb6hQF3YRu9tA4u4AM7x1S9jMfLScf404zAevLv4xUN4+ey3vL15/0PQPQb767c3ly"
    "m4sa4TXZs8qyzpuMxWoPurtS2YJ5f06NWrEmua98pd1F6bDGbMsjC/4TAxY0mKoF7LpaDW"
    "fcGXwX+6B3zRYr9+d/VhfPHuNrHi31yMr0TLKLHag6cHp6kpCQdBP1+P/43En+jXm/dXHp"
    "rUYXPb+8So3/jXgfhO2GVUs+ijxuGPYRI8Dh4lZjg4/5WO3qTQ5iO4AxtYFaew4DWze+kh"
    "7COWxfh7ahNjbv1Inj2or/mXwvJD1+d279Yj+cSuYyh/DlZS8DR6uW38GDLC1ALjIPCfTt"
    "h6f7/48PrizdXAQ3uCp/eP2Na1BOyihY5o6knYN9u0HC3TT7DFGbHu/xDxtQNq7ThkOTGf"
    "85h3rLmQd2O/Y/Vk++NgZWI2o7ZH5G1Kl4PfgYDvkYDHp6MsV4nL9IIgJsnK8agEVzke5V"
    "IV0ZRkKt46VwA46N9DcGthgia25i7fElUwjss0h/NgZjejRJ6XQPk8F+PzrAa5JH9RSwnh"
    "uEyDCF+5Nl2Rr2+xbTjNYH16UgLs05NctEVTEm5xJqtAHfRvEGbytDKNqcGagfjotATER2"
    "ldJYJYNCUhtsgT0yx3OSG2Aq1ISTWnXRy1ml9EsM4I160ZvSeWyvpNSjW4iru6QTiECR3E"
    "yYL8nw837+Ugx2XSdg9jytD/kGk4tS3gwT9nrjUVOKKJa5j8mzgvxcf+q64pKIBcYFRs9U"
    "sb+IZJ44YYIG31m9pEQLaFQSopWYFJqm0UsE82qRxbehENatyW3tC2Njos46ngvfK5/KHn"
    "q8jYpvLNJzHzr6sbklft0hf7/sc7wvVU8QOz2AcGETFEv4xVSb3IeCCaTV1LlxwUKkC95Q"
    "PdiXF6DJZv1tsRqV5aQFM4CfbrLIzVzlAFA/UYrRVXRqmDzR2xuvWH6TFSgttoK2ruCtWY"
    "j3PLh+kZVLX6DYJzUOY0iJ2RBR4D0UsjD2StAW90GgwuViti6V9Ry3xGJp0jOkNc2n5GOp"
    "kajtASvMFeDlKoKQlWHO1zacy/FH/DN6PR8fHZ6PD49PzVydnZq/PD0DCQbSqyEFxe/yCM"
    "BAn+t9kr4biTP8hUwu7yaXZMpEGiHWzvnbWCKRvAdrN9tSxYomrr1z3/HSqLNujfQ0dP9V"
    "60NfFUMouTnMUKIVVyRxo/SB2fXJXcD2ISYAxPbwdbxKaBCbD9JkBBW1QM70F/MLpXbnQP"
    "IpXUQgRTUhAjuDlGMB4StmOQYCoMrWM4l40STK2xNoUJvnFJjrLvtwyLVH3dJSVVfK6SY9"
    "00LIKojWyyFDNmc7QWBIktcYIdgmz6iAzHe8ZRZIuh919nuiC6axIbeXr+I74nDnJXEmtA"
    "PZ+x2XDwkXNIzNx1hAnvyg9u3uNjyOhtMltHNoJ1oXXWBdDS6ox15AtfaW37An06hBtZ3z"
    "E+ut5/FFWNSKoZdaPJfaZP2kZ0zpQ2hYYSzaVGCqO8n0PSRTsoqHTbvEsQRwVGFJVtTSHO"
    "p07958pidl6OVNg2LNKBArePRkT3UupQ/iRDTYJ2pUSBelDjQdu4E6fdANfixWHkSXJ2Fl"
    "R78Pv3At+miz10xGXW+v24FV6zlnl8u873ZIGQap6alBS8L5s9NfGQpB09Nf2MOh2mPDWp"
    "NdYmT821NaFPOZpK2DYs0lQM0aucv+bKC6MUAq6lr6Moh2g9mWjCG5iDgsx/ZOhDdE9WjL"
    "czw0QLbOkm0bP+mYrG3FhJwhtZTOBO1STABdOUCwbKTjTgiglfCgWQ4zI9BLkWfWuFn02K"
    "JTDn249jIjuZkLtDWGuxFftnhGQnp9Qk2JKDH5NKgT/hYnWt8fBJs7hf3ty8TeB+eZ3Wan"
    "96d3l1d3DkTQLvZLAcP6NNpsR42Mo0nxIF23zrdLWW2OYTmaYS1pvORM1nvlHyazn6e4GE"
    "BBLTyo9A5EkiaiGMAgXhW/S4oCKSaIpNvn8gDt8weORwymoiRtGE+M2yYKUaPkFKjePReq"
    "F646duQL21vdZbS81GeYQlkmAOkZxSQXlGZYCzgpDilIWX/yhXUv8in+qGAu2IlRCf15tY"
    "CV1akq0gbEVejg2mYvepcO6N1UqmihQUZIpEYEKqn5AWxs31ypXP4bKZcqH7pFQPga7FxB"
    "Sgpq55JyVB8W6d4g3pbJDOtve3p8vpbH7JrZvwUqAc05G037DM/VPJ+4Y2m5JuRVJZKLPO"
    "RgsLQYmMNZOhR0MkomFLX7e6E06+FkRHS8NyGXGy1qOqBpUajGJXQMR+LJiK4G6s0vpEXX"
    "pD3Zdj6YYzdfnupqS6JYRAeatcefM3rOyU5EexxkR6sOqbDmP10dtCwUhKQhBmm/ULuFAL"
    "LtRqn27R3gu1QvjNDUpF0KOUOmFTs6Qi8fOCogXl3xRhJKQQZoiKWhchyfsOrbAjfMmPvI"
    "9NPN6/4EyA2s/8IfNqpSKbYF2iUVQ+uoJqIdaAgAFUDFAx9k626lYxghe+LMBB/x5axyGj"
    "sJPuB2JvF/eXEATnAygHHZhTUA5AOVBSDooVg3JKQTl94AL53b9DnxzC55Gvj09oTr3KdY"
    "K+r0vhTxfYmntRosTSse2gpctZvEMIOnD4t0SfXEP/9EIWoFr18BujU3OCUpOdosAM/oGK"
    "ZfVAR9hRR2i6RHzbNqqqAyi7cIFYx9mqCHlRZqqBELDUVrNUIivOUzy1RFqfBya2XRPbnS"
    "umG9sdq7831lXLBnYhEVjl4KH2HFvGX2rWqIQQIF0y5drEMpt1fnRAKNCHm2CaDg6wbVfR"
    "gB0I9AHtZhgr5CrUmqvgWzMU1Ni4SHOK7GFdAFesxYqLOrfIYU1KQX6lrMjC+g4Ljc5mDm"
    "GSTSE/KlEmC8GJxcfhNlmXNn7MTkthyZFABOqNKNQbgUrgWzHArin+7krfcpqTkjDNrZ5m"
    "yG2D3LZ2uph3zG2LIT8XDlGNH2jLHS+xv/BGuuYD9Qv6pLksjCPcEa28zL4+giZiA6uBKx"
    "az3EugnIdVRUDxkXoMlEWlmVZKQHk5QO/5QD3DqYn4IX91FcQQReuvRHIB7+z13BxMxJg4"
    "ZPh2iWbUTkX+o4PfBr8NvAYsmr6is1kQHSSLHNptLLXEAT9+F1IHIHWgtE2qLttT3akDEN"
    "1ev/cFW86jGsaRRA8xPi+B8HkuvudydLey76REwcDTagMP5A9A/sD+KfuwQ/kD4qB2FkY+"
    "/Y932MD+g66luH8+yhsD9oF8t4B8AyusnxXmGNoKvO+BALjcE5SlCpc738yMB4mmWeh0j4"
    "QadLsH20xnve5/UMPaiq0nBKEOUJup+l5i7Vs2n3WH2oO/G/zd7VSJ2lzLNeFIkulEaU/T"
    "Zo+I8G9VrxWB/gPOB+krn8G5s74HTiEWVM0uHkqAlllOy2TkSUK08/OYgv69wLfpPKZH2x"
    "B+6i10m6QkOCJard2AIwIcEe1j3e11RNxM/iCe8TCHcyfaCyk3DXrW4YUILjsAL0RLWDh4"
    "IRrwQhDsrF+nsgwxkugFxk1zxAdiO4YM8dztIiYBtEHiUIDk9pqT2/knOdvdyh4XBI9Nm3"
    "UaPhQ1t6vBmxKFee7EPKufQzJRqLAgKV0RXKSupBSkpOCk32wgiCtsO1oIbv2h+m0iSK2x"
    "VtkIXDahT3kGgrBxWGgd8LqVMg0M3hHH4d9EXGw4NXSiI8NCmIOGLQd7FoYhbzGNBxEejv"
    "CMEVv8Rse7ARHZhM+H7A7Fykat2CF4acy/FGvEN6PR8fHZ6PD49PzVydnZq/PDcNfJNhVt"
    "P5fXP4gdKHFSb7ZZ3BOl26r97tWoIfuFv+Zwl5WJ2YzaSxV04zI91PSORyVAPh7lgiya0j"
    "GpVAngoH8Pwa3HG7sQl1lpiptEUgpi40psFvjZpFjpxtWYSPPx1ftRXmuJpG6jNS4bMrMi"
    "lu77FrtokcOMkeVKVrwvP/AzJgLlJtM6u0WemOZDtIUJTCIOMRyttoOZBDtEcy1mSMwHxZ"
    "OdEgV7Z5vn2SEWkxriCs6jSKR/XKsWWmtih2nEtmXBnPmO5KRUD2p1NO1KhvqlX84Wts3V"
    "mFaFXKRlm1rX5zfj1diP1f2WmuaFVwQlx/Ke7DAssr57tdejwjWVR+fx4b25g8g8iMzb+/"
    "7TAKmaLqghrVyab8OKiUCNgMotW1BoqscHcubuEbXgjUgCAjdKBG74Z/mOQRtj/qoIgtLz"
    "oI1obbUpYOOWOkZBTke8eQNtXHeshTNmMzqGUTw1UEigkP2mkJBrUEOugWJRgNxDrA+rto"
    "Zcg07kI/XGhExXTLpBFBS5CCV6AHdqNY/KlCbmvfLX8yhbnlhdWQSbbetVRJtMqa1zhX6i"
    "FMmVEgP3YrnLmCGhAhIq2qmbtzehIj4BMv08OT8F+nlsTdRZ99m/tReU8n0q5coXLu9413"
    "Lb3vuq1UVmMFOxCKov0ENlsRZuMKG6hIHla4tB/x4oL03rilCur/7lvOSnI1WKVowkeohx"
    "9falTqQndBjf1QI7SideKADLtwS8HbHoH3WEn+kE66Yhq1NfbKKLy4Ghrs2Guj9dartKOa"
    "2RRP/Mc9VnDIvcVGdBTSXOkhBqkIkffT1qxpNQPc7YotbzksqoS/EdNXG5Bq+pCZ909p6a"
    "haETja9T/tVVQU+LAu4KuK8djEpxrzERiHst1vu3iHu1yYNB+KErytWoObuScv07Tqvn98"
    "QkU0YFHirrPykFr0Dlr8CUupbsFCgIxQ8l2jEd4mN7Mx0rbDNjaqw83DKTku8RTolBGYTM"
    "2euyKV1K9p58g3pMBGzqyjZ1v07cFiklSUkwQrTZCBEwoS1K68YEYY7bPMcONiXTW+BW8P"
    "v3YNOs2/YBdQ6+iDcILjSFC03bGea344WmMfXe8kr8SsyJvuD3P94RE+dE2PuYX/FBegZ4"
    "UgkJLnnaEaf0tVJ9xCrIntwRqlS2Zh+REhdb7oqSHworlOGeIdVEJHIAW0E0cgzZzRHJWn"
    "BXaZ1pw5As3JwdKj8uuSNhL61HGO4F3ouVDxKYIIGpHQf9sDsJTGOv6v0dpXmkIdmhkDL4"
    "FfRt3rcUYRiMFwQFt0eg5fpWF8QWmCG+bmzmiFtdvDHRAXk5f8n/DJD8h4Poilh8cgK5F9"
    "l7YqofXk5kYvdfBFc1xC4TAE6zT04DF5o0YDqGC016eqFJu7Gu/kYTf7NXLGWelOoh0JUt"
    "6gyp3BPpiZW0k1GeZMW7AsLDO2pBmb3NdOcCCQEkBNCBQy1d8BGd/+PrwnnxHTI4JXFMKo"
    "iJw4mFR1KGiFg6/zG/uaPD0env4qq7n8av0fWHGySOqCzpqetDILW8C3QHUssrNuBAannd"
    "BZhF8IBawnNMBFAuySD5mfAXlaXgFS3lSKaHOFfPHr1jNYtwfvhyKNCO6OVeBZND0mnfI5"
    "mgyEC9WTLTBXWIpXkagupblJaFN6nNb5I/W1wJ3HKefUmY5VbPssnnaqv43rggzHGb59gm"
    "S46iNiEzakuoT64ZICO3lTWgZRNbtTFgSfgKt+aaspElKwjwZuGFBIQvYouCBARIQGhnmE"
    "5lCQjri8h2jhZPXQrZE9RrjYK+ILYxXQwkTj2/ZVjkz8NRn0qDncEl1sao5nw7UX5Ycx8M"
    "37U4GMRLpYCw372H6B4dHpYxxB0e5lviRFu6MorFiCXhxUWlUUKR5r0L+6HClfkR9hqm8v"
    "n/RRD7OA=="
)
