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
        CREATE TABLE IF NOT EXISTS "identity_link" (
    "identity" VARCHAR(255) NOT NULL PRIMARY KEY,
    "person" VARCHAR(255) NOT NULL,
    "linked_at" TIMESTAMP NOT NULL
) /* A network identity linked (`!link`) to the member it acts as: `person` is the identity */;
CREATE INDEX IF NOT EXISTS "idx_identity_li_person_b24e72" ON "identity_link" ("person");
        CREATE TABLE IF NOT EXISTS "link_code" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "code" VARCHAR(32) NOT NULL UNIQUE,
    "kind" VARCHAR(16) NOT NULL,
    "assembly_id" INT,
    "member" VARCHAR(255) NOT NULL,
    "other" VARCHAR(255),
    "created_at" TIMESTAMP NOT NULL,
    "expires_at" TIMESTAMP NOT NULL,
    "used_at" TIMESTAMP
) /* A one-time code of `!federate` (a room joins an assembly) or `!link` (an identity joins */;
        ALTER TABLE "assembly" ADD "part_of" INT;
        CREATE INDEX "idx_assembly_part_of_ce9343" ON "assembly" ("part_of");""",
    "postgres": """
        CREATE TABLE IF NOT EXISTS "identity_link" (
    "identity" VARCHAR(255) NOT NULL PRIMARY KEY,
    "person" VARCHAR(255) NOT NULL,
    "linked_at" TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_identity_li_person_b24e72" ON "identity_link" ("person");
COMMENT ON TABLE "identity_link" IS 'A network identity linked (`!link`) to the member it acts as: `person` is the identity';
        CREATE TABLE IF NOT EXISTS "link_code" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "code" VARCHAR(32) NOT NULL UNIQUE,
    "kind" VARCHAR(16) NOT NULL,
    "assembly_id" INT,
    "member" VARCHAR(255) NOT NULL,
    "other" VARCHAR(255),
    "created_at" TIMESTAMPTZ NOT NULL,
    "expires_at" TIMESTAMPTZ NOT NULL,
    "used_at" TIMESTAMPTZ
);
COMMENT ON TABLE "link_code" IS 'A one-time code of `!federate` (a room joins an assembly) or `!link` (an identity joins';
        ALTER TABLE "assembly" ADD "part_of" INT;
        CREATE INDEX IF NOT EXISTS "idx_assembly_part_of_ce9343" ON "assembly" ("part_of");""",
}

DOWNGRADE = {
    "sqlite": """
        DROP INDEX IF EXISTS "idx_assembly_part_of_ce9343";
        ALTER TABLE "assembly" DROP COLUMN "part_of";
        DROP TABLE IF EXISTS "identity_link";
        DROP TABLE IF EXISTS "link_code";""",
    "postgres": """
        DROP INDEX IF EXISTS "idx_assembly_part_of_ce9343";
        ALTER TABLE "assembly" DROP COLUMN "part_of";
        DROP TABLE IF EXISTS "identity_link";
        DROP TABLE IF EXISTS "link_code";""",
}

MODELS_STATE = (
    "eJztXXtz2za2/ypY/XOdGSVrK47jbe/cGTt1ut4mccbxPmabjgyJkMWaAlQCtOzu7XdfgC"
    "LFh0CKkEgaYs5MZxqTOCD1OyBw3uc/vRlziMdfnd0R6uBLQWbXbNH7Dv2nR/GMyH/oB/RR"
    "D8/nyW11QeCRt6QgRLj0bohDkqEraUKCERc+Hgs5ZII9TuQlh/Cx786Fy6i8SgPPUxfZWA"
    "6UEySXAur+FpChYHdETIkvb/z8i7zsUoc8Eh7/Ob8fTlziOZnXdx317PD6UDzNw2uXVLwP"
    "B6qnjYZj5gUzmgyeP4kpo6vRLhXqqvwxxMeCqOmFH6jXV28X/ej4Fy3fNBmyfMUUjUMmOP"
    "BE6ueOhsm13nD46epm+OXiZjjsGQA0ZlSBK1+Vh7/+Tr3Cy8HR8dvj09cnx6dySPiaqytv"
    "/1g+OgFmSRjC8+mm90d4Hwu8HBFinIDKxuPA9wkdk3Vw302xr0c3S5VDWb5+HuUY0zKY4w"
    "slOPd6TaE8w49Dj9A7MZV/Hh+WQPqPs+t3fz27Pjg+fKEeyOR3sPxWPkV3BuEthXqCsnCF"
    "pwH4hjwWLN8VQVPYJt9tC4u4BM6bi3/dqJlnnP/mpWE8+Hj2rxDh2VN058PVpx/j4SnY33"
    "24Os/BjR2HOMPRk8mSTtNsBXq0Wm3BPLukB2/eVFjTclThog7v6WDGYh3mHyRMwp2RMqiX"
    "dDmonYjwVfyP/QO+bLFffrz4cnP28XNmxf9wdnOh7gwyqz2+enCSY8lqEvTPy5u/IvUn+v"
    "fVp4sQTcbFnR8+MRl38++eeiccCDakbDGU8KcwiS/HlzIcjs9/o6M3S7T5CN6DDayOU1jJ"
    "NZN77SEcIbaO8XvmE/eO/kSeQqgv5Uth/aEbyXYflzNFgt2eofxHvJLiq8nH7ePFSiLMLT"
    "AJgvzpRCz397Mv785+uOiFaI/w+H6BfWeYgV3dYQOWu7Iau35rNpjlr2AqJWIn+iHqtWPR"
    "mnMyG3lPRZJ36nap3I2jgfUL2z/35h4WE+aHgrzP2Kz3CwjgzyiAp9lRVVZJ03RCQMwKK6"
    "8HFWSV14NCUUXdykoq4To3ADge30FwG5EEPUzvArklmmCcpmkP597Eb0eJPK2A8mkhxqfr"
    "GuSM/M6oEcJpmhYRvgh8Nid//ox9l7eD9clxBbBPjgvRVreycKsz2QTqeHyLMJPHueeOXd"
    "EOxEcnFSA+yusqCcTqVhZiSh7FkAazEfENxIocVXvaxZHV8kUC64RI3Vqwe0JN1m+WqsVV"
    "vK8bBCdC6SB8HeS/fbn6pAc5TZO3e7hjgf4feS5vbAH3/ncS0LHCEY0C15Nvwl+px/5fUy"
    "wogVxhVG71yxv4+lnjhpogb/Ub+0RBtoVBKktZg0nKNhGwSzapAlt6mRjUui29pW1tcFjF"
    "UyFHFcvyh2u+igXxxmxGhkKetCYuizxdF4zobTsuYgzNXBdZqi7g3oLKGoNmflpkKcGBYf"
    "NhMce+GLKJgYKRothKudjMzH2zXq45Lopt6ynfYOC4mi/rPCJ7/9M18XD4a9aBjq3laopu"
    "eTKyRjP3gQx9FlBHo0WYAPVBTnSt5ukwWJHPZ0ekOukey+GkTCN86s53hiqeqMNozX0mTx"
    "zs7YjV52iaDiMlCOVy3h2BulnO0mWcpMg3nDNv1yV1I+f5LKfpGFSNOt9jeUHneU/JEiVu"
    "dzVqSB7IUtLb6Hnvnc3nhDovGfWekMfuEJsgSe0/IYeMXbXSUTjZq14ONSPCmkNmz927b8"
    "Vp/5fB4PXrt4PD1yenb47fvn1zeriSf9dvlQnC55c/Klm4n1ZjNrv2eTD6lYw1UnCxKp8i"
    "adFaFR+De+tKMvYi7eZAskxhr9uFdC9/h8mijcd3MFqi/lCUpYBuAm9CAaa9SqY9eZDySL"
    "iquB+kKMCjnN8OtgjwBj+a/aZRJbasM7bYex2PB891udtnC891HO5rFmefo4JA+82B9um4"
    "6h0j7XOx3HuGc9VQ+9wasynW/oeAFCj70Z1+marvBKSiii9Vcux4LiWI+cgnM8UxX6I1JU"
    "htiSPMCfLZArk8vCZRFNN++E8+nhIn8IiPQj1/ge8JR8FcYw1o5hmbDQc/SxkSi2AZphmE"
    "Lk054ueVRO+TyTI9AKwL1lkXQEtrMmGAaHzGZWs7IujSIdzK+k7Jo8E2wRgJVTvqRpv7TJ"
    "e0jeScqWwKXVG0V19AGeWjRMx9tIOCSrfNtwTByGBEMdnWDOKhmtR/LqjwixKNV/f6ZTpQ"
    "7PYZEjW8kjpUzGQo7GNXXjGoBw0etK07cewGuBEvjmn+wU55B7bh23biwZ64zKzfj63wml"
    "nm8d13eU8XMGrmqclRwfey2VOTDkna0VPTzejcfs5Tk1tjNnlqLh2pYLji6YNL7wsUlvyQ"
    "fpne4kaDh54cXdWLQ4lYMP8excRIERMHHdz+Sf3r9gUSLPSoLCU15AokZ+QI8+/Q7Vwedo"
    "zexv6XeA6NI6eJx3ylKYIF5mji+lyge7lJUTR62j1INPk1VcXZNE09AtfzKmNNibMldZ9C"
    "XptgnlC0ZhDdR8jTCVbq09vCBJchBAucdRKZJRa4Szpij0UHWnyv/CRTo6qdYBdheoAiCK"
    "izzA7oo+WCkmeAPEc4isvCyYOjj+7JXMj7wvXQFFPHI8563EFNc24sMxjOrASTnUoNQmhB"
    "W6EFUJOwhRCD1UdhAHKapoMgNyIFzPGTx7AG5mK/aIpkJ9fo/hhiGvGBRmeEZidnzCOY6s"
    "FPUeXAH0myptb46kq7uJ9fXX3I4H5+mbfW/v3j+cX1wVHIBDnIFZlNPBOyFHBjtFNUgLYR"
    "2mPiPmylXeRIQb8A/UKvXyhj2Dv5zwIVI327VMtQ6qxcf07liGdGyUu19JAiUrnJt3+aEC"
    "dcgbfoACNVHhn9ylzKEaYojhF/oYKXIzOXHEUTG1g4VGMsa+Q5XylGS1PJC6nMyL0NYYFm"
    "clXIx42lXkOklEqU3Y08zl25UJrIsf5W9JTGohfi1VpVMI7Hd84WWb/eAYEhDQaGPF8ml2"
    "W6Rt3udIi4aV5TZuHRZwDxigAS0ysBDEHBhejvu8qQsewtBcst2JylBDZbzWalW2zB4xQZ"
    "xHrZxl9rNP9URU+t6p+t+Fmm+8dFRqsq/4oCKbZKpRqFlFJxRlKnjgKMvkOLKVMhKmPseV"
    "K7lvD140tcuJ6nIlxGJLqtS3Zu4AlaF2Q6238VHhWVfoKmZ8/a9CzHjeoIayghnFKrLy17"
    "JBoDvE4I6ug6vPJHBRoDVbFLcUVgR66lel5nci0dbV+0krRXfU80YMXurOD37nyuc0KWdE"
    "VKSIAh9TPEwrz7Tll8JVy+MO42n6XqINCN2M9i1MyV7iwlGFasU7ztcKLYxlUoh2dXkpXF"
    "5fCi1iZX43Hg+0TyqsB0pB3XLzMhxRohW5FUMyV9VkXpVjTLanarhhuq4p0n0MJVhewwdZ"
    "Z3g5EUvqbEQTOXBiKKzchYj+qaVGswin5pyNrkx4Kp6DlNRdlVV9kzmaHqXOPH4yp9H4+L"
    "2z4er3V9dFw+Drg2frREkU4TgfJWu/IWbVjrLCmugpEi6cCqb7sMRoTeFgpGlhIcezbrF7"
    "FAY3ReZ4lAu9isXaSkqR2Vi0627cvrFtkFZqFqcc28DUpFPKKSOuHLwdUUiX9OGZoy+aZI"
    "hYR7RAV0M1UreyXkfY/mmCtf8kKO8Uko90+lJMD8J3lRhL3WkE+wo9Eoap/dQLVQa0DBAC"
    "oGqBjPLmw1rWLEH3xVgOPxHbSOQ0XCvXQ/EH+7jL8MITgfQDnYA56CcgDKgZFyUK4YVFMK"
    "qukDZyga/j265UTyUa6PW3THws43SnxfttIdTzG9C6NECXWwz9EskFI8JwQdcPmW6DZwnd"
    "sXugDVuqffGJ1aEJSaHZQEZsgHGrblAR1hRx2h7Raztm1UdQdQCleYaQMrApBWDYJljCXV"
    "mAikVKulVKLL4d6QW6ZN4wbG2sVYxYLftfHMZVtjQtPB3fHkuMLmeHJcuDeqW9mtMTCruh"
    "ZAwTWjNHL/DlP3d8NU8jQRIF2xtJ2HdTbr4uiAFUEXEvbbDg7w/cDQgB0TdAHtdiRWyFVo"
    "NFchsmYYqLFpkvYU2cOmAK5Zi50zb5sc1iwV5Ffqyisue2AP2WTCidBsCsVRiTpaCE4sPw"
    "63ybr08WKdLaXFRmMSqDRqUGkUigZtJQHum+IfzJ0t2ZylBDZbzWbIbYPcNjtdzDvmtqWQ"
    "v1MO0aE80GYaue08on7/0zXxwtDJEuDDmS7lRN2CPmsuW8UR7ohWUWZfF0FTsYH1wJWKWe"
    "4kUPxhXhNQcqYOA0WZNtPKCKgwB+iTnKhjOLURPxStrpIYomT9VUgukIPDkZuDiYRQh4wq"
    "DT9hfi7yHx187X3thTdwWK2eTSZxdJAucmi3ucwSB6L4XUgdgNSByjappmxPTacOQHR789"
    "4XTPnCDOOEooMYn1ZA+LQQ31M9ulvZd3KkYOCx2sAD+QOQP/D8Int/j/IH1EH9SbK1UPxP"
    "D9gg/auhw3CCSsL/zZQgNVpK5FF7dU9l+i5UYerRU1+VpVbJvlFTd66KUHM52MFzQXz5p+"
    "+K5QQcuRStomsySkEDz/hK2QS5TtglfsaJ9yDvHdxIjt75eNYPpwvXsTuWjxlNGbt/8R26"
    "cx8IRYppUQv6mcplCAN+XwbzPuJM9ZmXlzCS26G6jByV8yAVYyQCXz6asLlHljPIlcbUG7"
    "xCFz5WPbZGT6p5F/Ol6vJyRm6r9QUGFcYCFQaa/a7JfvU33QIFpnkFJt72qyIcj+8gvkeD"
    "KuqLHFUcPDZYU2ECTnxTjNM03YuCbCAyfa+iANo8BvddR1zTZZ5T3OZTt9janh5QQdxWQy"
    "tJ28Ws3pgfC4KiBYIiyDDNyzAFfu2SYNeYACJcM7t/LeU3MVXnpRE/0jR2sEQ9tjMskeeL"
    "+6CRQEvDjhOiFgOP451/b+OOVTP1rSTRDCFUQrVNEH32bGPL+Nm0Srcg3pjNtvqScqTwLd"
    "n8LUFkN0R22+n8s7lrSSZkUmeOyMdUbo79U5Gc9RskwPQAYXbaT34N572NspPH25SZRYCt"
    "KMDAU83AI8ijRgwsrtgRj+8Evm1X7FCxE4LQbSTvDCWE3FkteUPIHYTc2Sd12xtydzX6lY"
    "RG4gKZO3O/VORm8cgmHIBxWz9wAFoihYMDsAUHIMF8+TlVlRATik5g3LaM+EB87uoQL9wu"
    "UhQgNmgcR1DGreEybvJJfCt/QoYQvAk26zRyKuZt120mRwp83gs+m59DOlKoJagp0hjpEW"
    "b2gRwVnPSbDQRphW1HC8HnaKpumwhya8wqG0EgRuyxyECwutkvtQ6EwyqZBnofCefyTThy"
    "yNh1iKNy3bAEDVOOQwtDX97x3AeVCI3wRBBf/UaOFq6YIp9IfhBNb8/aZt3sEMxmtvmMhf"
    "/nhArFXbNuPefu3bdirPjLYPD69dvB4euT0zfHb9++OT1cbUrrt8p2p/PLH9UGlTnIN5s0"
    "7okmjKBYUYmG16OlPC/8DUc9QVZhC1mF8S5TFeB4fAfBbcZZO1VdnYeGm0SWCkIkK2wW+M"
    "ljWHMQFsfZp0jaD7N/Ht22kYB6G4116xE1c0KdyPW4jwY7LASZzXVV7IvjQlMk0Hchr9JT"
    "8iiGEURbWMg05BDiYbWZzCOYk2FAhauxLpQzO0cK5lCb+RzryybnUULSPVmrEbFW1R8aEt"
    "/XxXoW+5mzVB0oWtm2pxkaeXw7W5g5j1NkcETZxl9Lind8Zp53FlYDLTDMZwf0y4zzYROy"
    "pIJr7cF7cvqQdxC4B4F7z77/tCBUjafM1bbwKLZhpUjsKBXRqeodUHG5wwfyWhNOs9iOhA"
    "LiOirEdURn+Y4xHTfyU1ECSsdjOpK1ZVM8x2fG3ZKUj/TtDWLjcmAjMuN6wkc/CbcGERJE"
    "yG6LkJCK0EAqgmHNgMJDrAurtoFUhL1IV+qMCZnNhXaDKKmBsaLoANwtFLneQlkEm631Kq"
    "JPxsx3pEI/MorkypGBe7GSGAP5FpBvYalubm++RZoBOv08y58S/Ty1JpqsyE4D8Os8u1Ie"
    "MaE6sAkB7K8adVG4wjOshRsRdFBZbEQ2GDFHI4EVa4vx+A4oL23rilDNr/nlPJOnIzOKVk"
    "woOohx/falvUhP2GN851PMjU68FQEs3wrw7olF/2hP5DOHYMdzde0Kyk10aTow1NlsqPst"
    "YH5glNOaUHTPPFd/xrDKTeVT5hnJLBmiFiXxoz8P2vEk1I8zpow+zZhOdClvVZSma7Fb0e"
    "rK3rYrmroOGcp1Kl/dFPQ8KeBugPvSwWgU95oigbjXcr1/i7hXnzy4RB66qpqNmbMrS9e9"
    "47R++Z54ZCyYwsNk/Wep4BOo/RMYs4DqToGSUPwVhR3s6FTTxjn2hTt25yFua0wp9gjnyK"
    "AMwtrZGwjVH87EoJ4iAZu6sU09KiO3RUpJlhKMEDYbIWJJaIvKuylC4LHNPObY07C3xK0Q"
    "je/Aptm07QPqHHwTXxD0O4V+p3aG+e3Y7zSl3tOwArDGnBgRvv/pmni4IMI+wvxCTtIxwL"
    "NKSNwDakec8l2nuohVnD25I1S5bM0uIqX6Xu6KUhQKq5ThjiHVRiRyDFtJNHIK2c0RycO4"
    "lWmTacOQLNyeHao4LnlPwl6sRxjaBj+LlQ8SmCCByY6Dvr8/CUw3hPLi+iKpu6XCgliOqy"
    "Qm9M5QNBxhtKw2gSiTPP8e3S4TXW6Ry9HEZzMkpQUUq4X/wxGjBHEiWS/X1HrXmBrnhTwq"
    "W7ahMnkF8qjqlVYg9aSF3iQgEbYnEUIaSsNpKLFcY7wTayihB+b6jjwjRMjnmeO7Tgjwrs"
    "O7asWqqy+yuYGrtrwIAKsELaYLrSw+5eLxHXDTt33Ggdt+K1bsm9t+7LHtmsdnCCG4aQ94"
    "bFbsKkPUveD/RpQwiIGBGBg7LcU7xsA0aikO+6NeM1bkXs4O6Jfai5e9Vn05tprN+GZKUN"
    "xnGM2W7cGRmGKB5LrxBVftwcM50QF5dfdK/hlrmMq8OydUMieme7FuOq5/er3LW9NqPNV2"
    "Nm9N1hNEjzFvTw725h3tzdAcu4UwZGiO3dHm2HZjXX937NQ+bQB0lqqDQNe2qNfEzmcSi1"
    "LtUXRCUbZ7SolIJAcO45YtlZzokgApAnTAGXWUxOLI/+S64C++R64UWrjHlOjCpSQRijF9"
    "RKgjf8zXYHA4OPkFuRT9/eYduvxyhdQRpfWoN/IQcK/vg7gD7vV6jeJQprTxZn7Kom0WwZ"
    "AiAZQrSpDyTPid6cq5lS3lhKaDONcvPYbH6jrCxaUwVgR2VMLoVGESKGDYddcLRAo1Gyk0"
    "njJO6DDUEIw9mDla+JJs/pIibkklcEs+R5TAZau5DOEIneexT2YSxeGITJivEX1K4uNydB"
    "AhB5GdLcMLUXHfxBYFgTwQyNPJQJ50SXK+IP7OlUc87yycqFuoN1pR44z47nja0zj1ojv9"
    "Mn8eTsbUWjgDXGI2VsgothMVl8joguG7mfBc+VEZIBwN7yC6R4eHVQxxh4fFljh1L19lmw"
    "pCNXJxWZntFUn73oXnEYVr8yM8a5jKH/8Fh3sKsw=="
)
